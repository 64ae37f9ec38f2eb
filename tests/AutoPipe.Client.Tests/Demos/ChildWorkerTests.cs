using AutoPipe.Client.Demos;

namespace AutoPipe.Client.Tests.Demos;

public class ChildWorkerTests
{
    [Fact]
    public async Task Start_WorkerCannotReachItsServer_ADemoWaitingOnItFailsAtOnceWithItsExitCodeAndLastLine()
    {
        // The real worker built beside autopipe, as a Temporal demo starts it; with no server it exits 3 at once, as
        // it would for a demo whose server went away. A demo waiting on anything else must say so, not wait on.
        using var worker = ChildWorker.Start(new DemoTemporal("127.0.0.1:1", "default", "http://localhost:8233"), "worker 1", maxConcurrent: 1, echo: false);
        var never = new TaskCompletionSource<int>();

        var failure = await Assert.ThrowsAsync<ClaimFailedException>(() => ChildRun.UnlessOneExitsAsync(never.Task, "before a worker polled the task queue", worker).WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.Contains($"worker 1 (pid {worker.ProcessId}) exited unexpectedly with code 3 before a worker polled the task queue; its last lines:", failure.Message, StringComparison.Ordinal);
        Assert.Contains("    worker 1 | autopipe-worker: cannot reach Temporal at 127.0.0.1:1", failure.Message, StringComparison.Ordinal);
    }
}
