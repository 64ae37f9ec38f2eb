using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Commands;

[Collection(TimingCollection.Name)]
public class ManagerLockTests
{
    [Fact]
    public void Run_SecondManagerOnSameDirectory_RefusesAtOnceAndFirstCarriesOn()
    {
        using var dir = new TempDir();
        var spec = Specs.Mock(dir, "busy", jobs: 2, workers: 1, seconds: 30);
        var workdir = Path.Combine(dir.Path, "work");
        using var first = Cli.Start("run", spec, "--workdir", workdir);
        Poll.Until(() => Checkpoint.TryRead(workdir)?.Json["counts"]!["running"]!.GetValue<int>() == 1, 30, "first manager running");

        var started = DateTime.UtcNow;
        var (exit, _, stderr) = Cli.Run(30, "run", spec, "--workdir", workdir);

        Assert.Equal(3, exit);
        Assert.Contains($"another autopipe run holds {workdir} (pid {first.Pid}", stderr, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the refusal should be immediate");
        Assert.Equal(["job-0001"], Checkpoint.Read(workdir).Json["running_job_ids"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Run_TwoManagersStartedTogether_OneRunsTheOtherRefusesNothingDoubled()
    {
        using var dir = new TempDir();
        var spec = Specs.Mock(dir, "race", jobs: 4, workers: 2, seconds: 0.5);
        var workdir = Path.Combine(dir.Path, "work");

        using var a = Cli.Start("run", spec, "--workdir", workdir);
        using var b = Cli.Start("run", spec, "--workdir", workdir);
        var exits = new[] { a.Wait(60), b.Wait(60) }.Order().ToArray();

        Assert.Equal([0, 3], exits);
        Assert.Equal("4 4", AsePython.Run("import sys; from ase.db import connect; ids=[r.job_id for r in connect(sys.argv[1]).select()]; print(len(ids), len(set(ids)))", Path.Combine(workdir, "results.db")).Trim());
    }

    [Fact]
    public void Status_LiveRun_ShowsTheCalculationInFlight()
    {
        using var dir = new TempDir();
        var spec = Specs.Mock(dir, "live", jobs: 2, workers: 1, seconds: 30);
        var workdir = Path.Combine(dir.Path, "work");
        using var run = Cli.Start("run", spec, "--workdir", workdir);

        string json = "";
        Poll.Until(() => (json = Cli.Run(30, "status", "--workdir", workdir, "--json").Stdout).Contains("\"job_id\": \"job-0001\"", StringComparison.Ordinal), 30, "job-0001 in flight in status");

        Assert.Contains("\"running\": true", json, StringComparison.Ordinal);
        Assert.Contains("\"attempt\": 1", json, StringComparison.Ordinal);
        run.Kill();
        var after = Cli.Run(30, "status", "--workdir", workdir);
        Assert.Contains("not running", after.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Resume with: autopipe run --workdir {workdir}", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Cancel_RunningCampaign_StopsItGracefullyAndItResumesLater()
    {
        using var dir = new TempDir();
        var spec = Specs.Mock(dir, "stoppable", jobs: 3, workers: 2, seconds: 30);
        var workdir = Path.Combine(dir.Path, "work");
        using var run = Cli.Start("run", spec, "--workdir", workdir);
        Poll.Until(() => Checkpoint.TryRead(workdir)?.Json["counts"]!["running"]!.GetValue<int>() == 2, 30, "two calculations running");

        var (exit, stdout, stderr) = Cli.Run(60, "cancel", "--workdir", workdir);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(130, run.Wait(30));
        var checkpoint = Checkpoint.Read(workdir);
        Assert.Equal("stopped", checkpoint.Json["status"]!.GetValue<string>());
        Assert.Equal(3, checkpoint.Pending.Count);
        Assert.Contains("Run the same command again to resume", run.Stdout, StringComparison.Ordinal);
    }
}
