using AutoPipe.Client.Tests.Support;
using Xunit.Abstractions;

namespace AutoPipe.Client.Tests;

/// <summary>
/// The seed's three scenarios on the user's Temporal server, each with worker processes of its own on a fresh task
/// queue (run with TEMPORAL_ADDRESS; skipped with the reason otherwise). Without a server, the refusal.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class TemporalDemoTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("pull-the-plug")]
    [InlineData("parallel")]
    [InlineData("retry")]
    public void Demo_TemporalUnreachable_ExitsThreeAtOnceNamingTheServer(string demo)
    {
        using var dir = new TempDir();

        var (exit, _, stderr) = Cli.Run(60, "demo", demo, "--temporal", "127.0.0.1:1", "--folder", Path.Combine(dir.Path, "demo"));

        Assert.Equal(3, exit);
        Assert.Contains("cannot reach Temporal at 127.0.0.1:1", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "demo")));
    }

    [TemporalTheory]
    [InlineData("pull-the-plug", @"Recovery successful!.*\n.*\([1-9]\d* completed before the crash were kept, [1-9]\d* pending were finished by the new worker, job-\d+(, job-\d+)* among them in flight on the killed worker", "1")]
    // Issue 17: 8 calculations of 2 s, 1 worker process then 4, at least 80 % of the ideal 4x (the demo's own claim).
    [InlineData("parallel", @"at most 1 at a time(.|\n)*at most [2-4] at a time, on [1-4] of them(.|\n)*Speedup: ", "2")]
    [InlineData("retry", @"job-0002 attempt 1 failed \(Transient\); attempt 2 completed; attempt 2 started (.|\n)*Retry successful", "1")]
    public void Demo_OnTemporal_ClaimHoldsAndTellsWhereToLook(string demo, string claim, string seconds)
    {
        using var dir = new TempDir();

        var (exit, stdout, stderr) = Cli.Run(600, "demo", demo, "--temporal", TemporalWorkers.Address!, "--job-seconds", seconds, "--folder", Path.Combine(dir.Path, "demo"));

        output.WriteLine(stdout);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Matches(claim, stdout);
        Assert.Contains("temporal workflow show --workflow-id autopipe-", stdout, StringComparison.Ordinal);
    }
}
