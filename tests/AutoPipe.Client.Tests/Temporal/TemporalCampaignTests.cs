using System.Diagnostics;
using System.Text.Json.Nodes;
using AutoPipe.Client.Report;
using AutoPipe.Client.Tests.Support;
using AutoPipe.Core.Storage;
using Xunit.Abstractions;

namespace AutoPipe.Client.Tests.Temporal;

/// <summary>
/// "One campaign, one meaning" on a real Temporal server (TEMPORAL_ADDRESS; skipped with the reason without it),
/// with workers as separate processes started without an allow-list (the built-in mock): the spec's settings
/// decide, nothing finished runs again, the client waits for workers, a SIGKILLed worker costs about half a minute.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class TemporalCampaignTests(ITestOutputHelper output)
{
    private static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [TemporalFact]
    public void Run_OnTemporal_SpecSettingsWithMinimalAllowList_SameRecordsAsEmbeddedAndATaskStreamPerWorker()
    {
        using var dir = new TempDir();
        var name = NewName("parity");
        var queue = "autopipe-test-" + name;
        // job-0002 fails once then succeeds; job-0004 always fails: what the spec says, not what a worker file says.
        var spec = Specs.Mock(dir, name, jobs: 5, workers: 2, seconds: 0.5, failFirst: """{"job-0002":1,"job-0004":99}""",
            retry: """{"maxAttempts":3,"initialIntervalSeconds":1}""");
        var embedded = Path.Combine(dir.Path, "embedded");
        var temporal = Path.Combine(dir.Path, "temporal");
        var workers = new[] { TemporalWorkers.Start(queue), TemporalWorkers.Start(queue) };
        try
        {
            var (embeddedExit, _, _) = Cli.Run(120, "run", spec, "--workdir", embedded);
            var (exit, stdout, stderr) = Cli.Run(300, "run", spec, "--workdir", temporal, "--temporal", TemporalWorkers.Address!, "--task-queue", queue);

            Assert.True(exit == 1 && embeddedExit == 1, $"{exit} {embeddedExit}\n{stdout}{stderr}");
            Assert.Equal(Jobs(embedded), Jobs(temporal));
            Assert.Equal(AseRows.ForComparison(embedded), AseRows.ForComparison(temporal));
            var report = ReportData.Load(temporal);
            Assert.Equal(8, report.Attempts.Count);
            Assert.All(report.Lanes, lane => Assert.Contains(" slot ", lane, StringComparison.Ordinal));
            var (reportExit, _, _) = Cli.Run(60, "report", "--workdir", temporal);
            Assert.Equal(0, reportExit);
        }
        finally
        {
            TemporalWorkers.StopAll(workers);
        }
    }

    [TemporalFact]
    public void Run_OnTemporal_CancelledThenResumed_RunsNoFinishedJobAgain()
    {
        using var dir = new TempDir();
        var name = NewName("resume");
        var queue = "autopipe-test-" + name;
        var spec = Specs.Mock(dir, name, jobs: 10, workers: 1, seconds: 2);
        var workdir = Path.Combine(dir.Path, "work");
        var worker = TemporalWorkers.Start(queue);
        try
        {
            using (var run = Cli.Start("run", spec, "--workdir", workdir, "--temporal", TemporalWorkers.Address!, "--task-queue", queue))
            {
                Poll.Until(() => Checkpoint.TryRead(workdir)?.Completed.Count >= 3, 120, "three results projected");
                var (cancelExit, cancelOut, cancelErr) = Cli.Run(60, "cancel", "--temporal", TemporalWorkers.Address!, "--campaign", name);
                Assert.True(cancelExit == 0, cancelOut + cancelErr);
                Assert.Equal(130, run.Wait(120));
            }

            var before = Checkpoint.Read(workdir).Completed;
            var (exit, stdout, stderr) = Cli.Run(300, "run", spec, "--workdir", workdir, "--temporal", TemporalWorkers.Address!, "--task-queue", queue);

            Assert.True(exit == 0, stdout + stderr);
            Assert.Contains($"{before.Count} completed, 0 failed, {10 - before.Count} pending; resubmitting {10 - before.Count} pending calculations", stdout, StringComparison.Ordinal);
            AssertEachJobCompletedOnce(workdir, 10);
        }
        finally
        {
            TemporalWorkers.StopAll([worker]);
        }
    }

    [TemporalFact]
    public void Run_BegunEmbeddedThenOnTemporal_RunsNoFinishedJobAgain()
    {
        using var dir = new TempDir();
        var name = NewName("switch");
        var queue = "autopipe-test-" + name;
        var spec = Specs.Mock(dir, name, jobs: 8, workers: 1, seconds: 1);
        var workdir = Path.Combine(dir.Path, "work");
        using (var embedded = Cli.Start("run", spec, "--workdir", workdir))
        {
            Poll.Until(() => Checkpoint.TryRead(workdir)?.Completed.Count >= 3, 60, "three results on the embedded runtime");
            embedded.Kill();
        }

        var worker = TemporalWorkers.Start(queue);
        try
        {
            var (exit, stdout, stderr) = Cli.Run(300, "run", "--workdir", workdir, "--temporal", TemporalWorkers.Address!, "--task-queue", queue);

            Assert.True(exit == 0, stdout + stderr);
            Assert.Contains("resubmitting", stdout, StringComparison.Ordinal);
            AssertEachJobCompletedOnce(workdir, 8);
        }
        finally
        {
            TemporalWorkers.StopAll([worker]);
        }
    }

    [TemporalFact]
    public void Run_OnTemporal_StartedBeforeAnyWorker_WaitsSayingSoThenFinishes()
    {
        using var dir = new TempDir();
        var name = NewName("early");
        var queue = "autopipe-test-" + name;
        var spec = Specs.Mock(dir, name, jobs: 2, workers: 1, seconds: 0);
        var workdir = Path.Combine(dir.Path, "work");
        Process? worker = null;
        try
        {
            using var run = Cli.Start("run", spec, "--workdir", workdir, "--temporal", TemporalWorkers.Address!, "--task-queue", queue);
            Poll.Until(() => run.Stdout.Contains($"Waiting for a worker on task queue {queue}", StringComparison.Ordinal), 90, "the client says it waits for a worker");
            Assert.False(run.HasExited, run.Stdout + run.Stderr);
            worker = TemporalWorkers.Start(queue);

            Assert.Equal(0, run.Wait(180));
            Assert.Equal(2, Checkpoint.Read(workdir).Completed.Count);
        }
        finally
        {
            TemporalWorkers.StopAll([worker]);
        }
    }

    [TemporalFact]
    public void Run_OnTemporal_OnlyWorkerSigkilled_ItsCalculationsRunElsewhereWithinHalfAMinute()
    {
        using var dir = new TempDir();
        var name = NewName("kill");
        var queue = "autopipe-test-" + name;
        var spec = Specs.Mock(dir, name, jobs: 2, workers: 1, seconds: 10);
        var workdir = Path.Combine(dir.Path, "work");
        var first = TemporalWorkers.Start(queue);
        Process? second = null;
        try
        {
            using var run = Cli.Start("run", spec, "--workdir", workdir, "--temporal", TemporalWorkers.Address!, "--task-queue", queue);
            Poll.Until(() => InFlight(workdir) == 2, 90, "both calculations running on the first worker");
            first.Kill(entireProcessTree: true);
            var killed = Stopwatch.StartNew();
            second = TemporalWorkers.Start(queue);

            Assert.Equal(0, run.Wait(300));
            // The 10 s calculations started again from scratch on the second worker: recovery is the rest.
            var recovery = killed.Elapsed - TimeSpan.FromSeconds(10);
            output.WriteLine($"SIGKILLed worker: its 2 calculations of 10 s finished on another worker {killed.Elapsed.TotalSeconds:0.0} s after the kill; recovery {recovery.TotalSeconds:0.0} s");
            Assert.True(recovery < TimeSpan.FromSeconds(35), $"recovery took {recovery.TotalSeconds:0.0} s");
        }
        finally
        {
            TemporalWorkers.StopAll([first, second]);
        }
    }

    /// <summary>The calculations in flight that status.json shows, 0 when it is not there yet.</summary>
    private static int InFlight(string workdir)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(Path.Combine(workdir, "status.json")))!["in_flight"]!.AsArray().Count;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return 0;
        }
    }

    /// <summary>Every job completed, with one row each and exactly one completed attempt in the journal.</summary>
    private static void AssertEachJobCompletedOnce(string workdir, int jobs)
    {
        Assert.Equal(jobs, Checkpoint.Read(workdir).Completed.Count);
        Assert.Equal($"{jobs} {jobs}", AsePython.Run(
            "import sys; from ase.db import connect; ids=[r.job_id for r in connect(sys.argv[1]).select()]; print(len(ids), len(set(ids)))",
            Path.Combine(workdir, "results.db")).Trim());
        using var journal = CampaignJournal.OpenExisting(Path.Combine(workdir, "state.db"))!;
        var completed = journal.LoadAttempts().Where(a => a.Outcome == AttemptEnd.Completed).GroupBy(a => a.Sequence).ToList();
        Assert.Equal(jobs, completed.Count);
        Assert.All(completed, g => Assert.Single(g));
    }

    private static string Jobs(string workdir) => Checkpoint.Read(workdir).Json["jobs"]!.ToJsonString();
}
