using System.Diagnostics;

namespace AutoPipe.Worker.Tests.Hosting;

/// <summary>The real autopipe-worker program, as an operator starts it.</summary>
public sealed class WorkerProgramTests
{
    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "autopipe-worker.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "the worker should exit by itself");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Worker_ServerUnreachable_ExitsThreeSayingWhere()
    {
        var (exit, _, stderr) = Run("--address", "127.0.0.1:1");

        Assert.Equal(3, exit);
        Assert.Contains("autopipe-worker: cannot reach Temporal at 127.0.0.1:1 (namespace default)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Worker_BadSettings_ExitsTwoListingEveryProblem()
    {
        var (exit, _, stderr) = Run("--address", "nowhere", "--max-concurrent-calculations", "0");

        Assert.Equal(2, exit);
        Assert.Contains("autopipe-worker: --address / TEMPORAL_ADDRESS: 'nowhere' must be host:port", stderr, StringComparison.Ordinal);
        Assert.Contains("autopipe-worker: --max-concurrent-calculations: must be between 1 and 1024, got 0", stderr, StringComparison.Ordinal);
    }
}
