using System.Diagnostics;
using Xunit.Abstractions;

namespace AutoPipe.Worker.Tests.EndToEnd;

/// <summary>
/// A compute worker as a separate process (the real AutoPipe.Worker, built beside the tests), as in production;
/// killed with its tree when disposed. Its output goes to the test's output.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;

    private WorkerProcess(Process process)
    {
        this.process = process;
    }

    /// <summary>The process id.</summary>
    public int Id => process.Id;

    /// <summary>Starts a worker on <paramref name="taskQueue"/> with no allow-list (the built-in mock).</summary>
    public static WorkerProcess Start(string address, string taskQueue, string scratch, ITestOutputHelper output, params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "autopipe-worker.dll"), "--address", address, "--task-queue", taskQueue, "--scratch", scratch }.Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        if (Environment.GetEnvironmentVariable("TEMPORAL_NAMESPACE") is { Length: > 0 } ns)
        {
            info.Environment["TEMPORAL_NAMESPACE"] = ns;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Write(output, e.Data);
        process.ErrorDataReceived += (_, e) => Write(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>SIGKILLs the worker (no graceful shutdown).</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }

    private static void Write(ITestOutputHelper output, string? line)
    {
        if (line == null)
        {
            return;
        }

        try
        {
            output.WriteLine($"[worker] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test has ended; its output is closed.
        }
    }
}
