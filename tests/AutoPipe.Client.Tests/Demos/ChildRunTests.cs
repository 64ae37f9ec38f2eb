using System.Diagnostics;
using AutoPipe.Client.Demos;

namespace AutoPipe.Client.Tests.Demos;

public class ChildRunTests
{
    private static readonly TimeSpan deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task UnlessOneExitsAsync_AChildExitsFirst_FailsAtOnceWithItsExitCodeAndLastLines()
    {
        using var worker = ChildRun.Launch(Shell("echo connecting; echo 'Unhandled exception. Boom' >&2; exit 7"), "worker 1", "worker 1 ", echo: false);
        var never = new TaskCompletionSource<int>();

        var failure = await Assert.ThrowsAsync<ClaimFailedException>(() => ChildRun.UnlessOneExitsAsync(never.Task, "before the demo was done", worker).WaitAsync(deadline));

        Assert.Contains($"worker 1 (pid {worker.ProcessId}) exited unexpectedly with code 7 before the demo was done; its last lines:", failure.Message, StringComparison.Ordinal);
        Assert.Contains("    worker 1 | connecting", failure.Message, StringComparison.Ordinal);
        Assert.Contains("    worker 1 | Unhandled exception. Boom", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnlessOneExitsAsync_ChildKilledBySignal_NamesTheSignal()
    {
        using var worker = ChildRun.Launch(Shell("kill -KILL $$"), "worker 1", "", echo: false);

        var failure = await Assert.ThrowsAsync<ClaimFailedException>(() => ChildRun.DelayUnlessOneExitsAsync(Timeout.InfiniteTimeSpan, "while waiting", CancellationToken.None, worker).WaitAsync(deadline));

        Assert.Contains("exited unexpectedly with code 137 (signal 9) while waiting; it printed nothing", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnlessOneExitsAsync_TaskEndsWhileChildrenRun_ReturnsItsResult()
    {
        using var worker = ChildRun.Launch(Shell("sleep 60"), "worker 1", "", echo: false);

        var result = await ChildRun.UnlessOneExitsAsync(Task.FromResult(42), "before the end", worker).WaitAsync(deadline);

        Assert.Equal(42, result);
        Assert.False(worker.Exited.IsCompleted);
    }

    [Fact]
    public async Task KillAsync_RunningChild_ReturnsOnceItExited()
    {
        using var child = ChildRun.Launch(Shell("echo started; sleep 60"), "the run", "", echo: false);
        await Poll.WithinAsync(() => child.Output.Contains("started", StringComparison.Ordinal), deadline);

        await child.KillAsync().WaitAsync(deadline);

        Assert.Equal(137, await child.Exited);
    }

    [Fact]
    public void Launch_ProgramMissing_FailsTheClaimNamingIt()
    {
        var failure = Assert.Throws<ClaimFailedException>(() => ChildRun.Launch(new ProcessStartInfo("/nonexistent/autopipe-worker"), "worker 1", "", echo: false));

        Assert.Contains("worker 1 could not start (/nonexistent/autopipe-worker)", failure.Message, StringComparison.Ordinal);
    }

    private static ProcessStartInfo Shell(string script)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        return start;
    }
}
