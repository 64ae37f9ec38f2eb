using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests;

/// <summary>
/// Scenario 1, Gherkin form: 20 jobs, the manager SIGKILLed once at least 5 are complete, a new manager on the
/// same directory resubmits exactly the pending ones, and ASE reads 20 distinct rows.
/// </summary>
[Collection(TimingCollection.Name)]
public partial class PullThePlugTests
{
    [GeneratedRegex(@"Running calculation (job-\d+) \(attempt")]
    private static partial Regex RunningLine();

    [Fact]
    public void Run_KilledAfterFiveCompleted_RestartResubmitsExactlyThePendingAndLosesNothing()
    {
        using var dir = new TempDir();
        var spec = Specs.Mock(dir, "plug", jobs: 20, workers: 1, seconds: 0.4);
        var workdir = Path.Combine(dir.Path, "work");

        using (var first = Cli.Start("run", spec, "--workdir", workdir))
        {
            Poll.Until(() => Checkpoint.TryRead(workdir)?.Completed.Count >= 5, 60, "5 completed in checkpoint.json");
            first.Kill();
        }

        var crashed = Checkpoint.Read(workdir);
        Assert.InRange(crashed.Completed.Count, 5, 19);
        Assert.Equal(20, crashed.Completed.Count + crashed.Pending.Count);
        Assert.Empty(crashed.Completed.Intersect(crashed.Pending));

        var (exit, stdout, stderr) = Cli.Run(60, "run", spec, "--workdir", workdir);

        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains($"Found checkpoint in {workdir}: {crashed.Completed.Count} completed, 0 failed, {crashed.Pending.Count} pending; resubmitting {crashed.Pending.Count} pending calculations", stdout, StringComparison.Ordinal);
        var rerun = RunningLine().Matches(stdout).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(crashed.Pending.Order(), rerun.Order());
        var ase = JsonNode.Parse(AsePython.Run("""
            import sys, json
            from ase.db import connect
            ids = [row.job_id for row in connect(sys.argv[1]).select()]
            print(json.dumps(dict(rows=len(ids), distinct=len(set(ids)))))
            """, Path.Combine(workdir, "results.db")))!;
        Assert.Equal(20, ase["rows"]!.GetValue<int>());
        Assert.Equal(20, ase["distinct"]!.GetValue<int>());
        Assert.Empty(Checkpoint.Read(workdir).Pending);
    }

    [Fact]
    public void Run_DamagedCheckpoint_SaysSoRebuildsItAndLosesNothing()
    {
        using var dir = new TempDir();
        var spec = Specs.Mock(dir, "damaged", jobs: 6, workers: 1, seconds: 0.3);
        var workdir = Path.Combine(dir.Path, "work");
        using (var first = Cli.Start("run", spec, "--workdir", workdir))
        {
            Poll.Until(() => Checkpoint.TryRead(workdir)?.Completed.Count >= 2, 60, "2 completed");
            first.Kill();
        }

        var before = Checkpoint.Read(workdir);
        File.WriteAllText(Path.Combine(workdir, "checkpoint.json"), "{\"pending_job_ids\": [\"job-00");

        var (exit, stdout, _) = Cli.Run(60, "run", spec, "--workdir", workdir);

        Assert.Equal(0, exit);
        Assert.Contains("checkpoint.json was unreadable", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(before.Completed, id => stdout.Contains($"Running calculation {id} ", StringComparison.Ordinal));
        Assert.Equal(6, Checkpoint.Read(workdir).Completed.Count);
        Assert.Equal("6", AsePython.Run("import sys; from ase.db import connect; print(len({r.job_id for r in connect(sys.argv[1]).select()}))", Path.Combine(workdir, "results.db")).Trim());
    }
}
