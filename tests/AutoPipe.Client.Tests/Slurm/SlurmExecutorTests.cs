using System.Text.Json.Nodes;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Slurm;

/// <summary>
/// The slurm executor against a real cluster: jobs outlive a SIGKILLed manager and are adopted, never submitted
/// twice (counted from Slurm's own list of job names), and stopping works from both sides. Skipped, saying why,
/// where no cluster answers.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmExecutorTests
{
    [SlurmFact]
    public void Run_KilledWithJobsRunning_RestartAdoptsThemAndSubmitsEachAttemptOnce()
    {
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("plug");
        var spec = SlurmSpecs.Mock(dir, name, jobs: 6, seconds: 3, maxSubmitted: 3, failFirst: """{"job-0002":1}""");
        var workdir = Path.Combine(dir.Path, "work");
        var prefix = SlurmCluster.Prefix(name);

        using (var first = Cli.Start("run", spec, "--workdir", workdir))
        {
            Poll.Until(() => SlurmCluster.Jobs(prefix).Count(j => j.State == "RUNNING") >= 2, 60, "two Slurm jobs running");
            // status shows each calculation's Slurm job id and state.
            Poll.Until(() => Cli.Run(30, "status", "--workdir", workdir, "--json").Stdout.Contains("RUNNING on", StringComparison.Ordinal), 30, "status showing a Slurm job running");
            first.Kill();
        }

        var queuedAtKill = SlurmCluster.Jobs(prefix);
        Assert.NotEmpty(queuedAtKill);

        var (exit, stdout, stderr) = Cli.Run(120, "run", "--workdir", workdir);

        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("Adopted Slurm job", stdout, StringComparison.Ordinal);
        var names = SlurmCluster.Jobs(prefix).Select(j => j.Name).ToList();
        // 6 first attempts and job-0002's second: each submitted exactly once, across both managers.
        Assert.Equal(7, names.Count);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(queuedAtKill, j => Assert.Contains(j.Name, names));

        var local = Specs.Mock(dir, "local-" + name, jobs: 6, workers: 2, seconds: 0, failFirst: """{"job-0002":1}""");
        Assert.Equal(0, Cli.Run(60, "run", local, "--workdir", Path.Combine(dir.Path, "local")).Exit);
        Assert.Equal(Energies(Path.Combine(dir.Path, "local")), Energies(workdir));
        // Each row names the node its job ran on, as the job's script recorded it (job.host).
        var hosts = JsonNode.Parse(Cli.Run(30, "results", "--workdir", workdir, "--json").Stdout)!.AsArray().Select(r => r!["provenance"]!["host"]?.GetValue<string>());
        Assert.All(hosts, h => Assert.Equal(SlurmCluster.Node, h));
    }

    [SlurmFact]
    public void Run_AllJobsFinishWhileManagerIsDown_RestartHarvestsThemAndSubmitsNothing()
    {
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("down");
        var spec = SlurmSpecs.Mock(dir, name, jobs: 2, seconds: 1, maxSubmitted: 2);
        var workdir = Path.Combine(dir.Path, "work");
        var prefix = SlurmCluster.Prefix(name);

        using (var first = Cli.Start("run", spec, "--workdir", workdir))
        {
            Poll.Until(() => SlurmCluster.Jobs(prefix).Count == 2, 60, "both jobs submitted");
            first.Kill();
        }

        Poll.Until(() => SlurmCluster.Active(prefix).Count == 0, 60, "both Slurm jobs finished");
        Assert.Empty(Checkpoint.Read(workdir).Completed);

        var (exit, stdout, stderr) = Cli.Run(60, "run", spec, "--workdir", workdir);

        Assert.True(exit == 0, stderr + stdout);
        Assert.DoesNotContain("Submitted", stdout, StringComparison.Ordinal);
        Assert.Equal(2, SlurmCluster.Jobs(prefix).Count);
        Assert.Equal(2, Checkpoint.Read(workdir).Completed.Count);
    }

    [SlurmFact]
    public void Run_KilledBetweenSbatchAndJournal_RestartAdoptsTheJobByName()
    {
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("torn");
        var spec = SlurmSpecs.Mock(dir, name, jobs: 1, seconds: 1, maxSubmitted: 1);
        var workdir = Path.Combine(dir.Path, "work");
        var prefix = SlurmCluster.Prefix(name);

        var killed = Cli.Run(60, new Dictionary<string, string> { ["AUTOPIPE_FAULT"] = "kill-between-sbatch-and-journal" }, "run", spec, "--workdir", workdir);
        Assert.Equal(137, killed.Exit);
        Assert.Single(SlurmCluster.Jobs(prefix));

        var (exit, stdout, stderr) = Cli.Run(60, "run", spec, "--workdir", workdir);

        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("by its name", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Submitted", stdout, StringComparison.Ordinal);
        Assert.Single(SlurmCluster.Jobs(prefix));
        Assert.Single(Checkpoint.Read(workdir).Completed);
    }

    [SlurmFact]
    public void Run_JobCancelledFromOutside_FailsWithThatReasonAndIsNotRetried()
    {
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("scancel");
        var spec = SlurmSpecs.Mock(dir, name, jobs: 1, seconds: 60, maxSubmitted: 1);
        var workdir = Path.Combine(dir.Path, "work");
        var prefix = SlurmCluster.Prefix(name);

        using var run = Cli.Start("run", spec, "--workdir", workdir);
        Poll.Until(() => SlurmCluster.Jobs(prefix).Any(j => j.State == "RUNNING"), 60, "the Slurm job running");
        SlurmCluster.Cancel(SlurmCluster.Jobs(prefix)[0].Id);
        var exit = run.Wait(60);

        Assert.True(exit == 1, run.Stderr + run.Stdout);
        Assert.Single(SlurmCluster.Jobs(prefix));
        var status = JsonNode.Parse(Cli.Run(30, "status", "--workdir", workdir, "--json").Stdout)!;
        var reason = status["failed_jobs"]![0]!.ToJsonString();
        Assert.Contains("cancelled outside AutoPipe", reason, StringComparison.Ordinal);
    }

    [SlurmFact]
    public void Cancel_CampaignWithJobsQueued_LeavesNothingInTheQueue()
    {
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("cancel");
        var spec = SlurmSpecs.Mock(dir, name, jobs: 4, seconds: 60, maxSubmitted: 4);
        var workdir = Path.Combine(dir.Path, "work");
        var prefix = SlurmCluster.Prefix(name);

        using var run = Cli.Start("run", spec, "--workdir", workdir);
        Poll.Until(() => SlurmCluster.Jobs(prefix).Count == 4, 60, "four Slurm jobs queued");

        var (exit, stdout, stderr) = Cli.Run(60, "cancel", "--workdir", workdir);

        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("Cancelled 4 Slurm job(s)", stdout, StringComparison.Ordinal);
        Poll.Until(() => SlurmCluster.Active(prefix).Count == 0, 30, "the campaign's jobs gone from squeue");
        Assert.True(run.HasExited);
    }

    [SlurmFact]
    public void Run_Interrupted_DetachesAndSaysTheJobsGoOn()
    {
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("detach");
        var spec = SlurmSpecs.Mock(dir, name, jobs: 1, seconds: 2, maxSubmitted: 1);
        var workdir = Path.Combine(dir.Path, "work");
        var prefix = SlurmCluster.Prefix(name);

        using (var run = Cli.Start("run", spec, "--workdir", workdir))
        {
            Poll.Until(() => SlurmCluster.Jobs(prefix).Count == 1, 60, "the job submitted");
            Posix.Terminate(run.Pid);
            Assert.Equal(130, run.Wait(30));
            Assert.Contains("keep running in Slurm", run.Stdout, StringComparison.Ordinal);
        }

        Assert.Single(SlurmCluster.Jobs(prefix));
        var (exit, stdout, stderr) = Cli.Run(60, "run", "--workdir", workdir);
        Assert.True(exit == 0, stderr + stdout);
        Assert.Single(SlurmCluster.Jobs(prefix));
    }

    [SlurmFact]
    public void Run_GroupSizeThree_PacksThreeCalculationsPerJobAndAdoptsTheGroupsAfterAKill()
    {
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("group");
        var spec = SlurmSpecs.Mock(dir, name, jobs: 6, seconds: 1, maxSubmitted: 2, executor: ""","groupSize":3""");
        var workdir = Path.Combine(dir.Path, "work");
        var prefix = SlurmCluster.Prefix(name);

        using (var first = Cli.Start("run", spec, "--workdir", workdir))
        {
            Poll.Until(() => SlurmCluster.Jobs(prefix).Count(j => j.State == "RUNNING") == 2, 60, "both groups running");
            first.Kill();
        }

        var (exit, stdout, stderr) = Cli.Run(60, "run", "--workdir", workdir);

        Assert.True(exit == 0, stderr + stdout);
        Assert.Equal(2, SlurmCluster.Jobs(prefix).Count);
        Assert.Equal(6, Checkpoint.Read(workdir).Completed.Count);
        Assert.All(Directory.GetDirectories(Path.Combine(workdir, "jobs")), job => Assert.True(File.Exists(Path.Combine(job, "attempt-1", "job.exitcode"))));
    }

    [SlurmFact]
    public void Run_NodeDrained_ShowsTheJobPendingWithSlurmsReasonAndRunsItOnceResumed()
    {
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("drain");
        var spec = SlurmSpecs.Mock(dir, name, jobs: 1, seconds: 0.5, maxSubmitted: 1);
        var workdir = Path.Combine(dir.Path, "work");
        var prefix = SlurmCluster.Prefix(name);

        SlurmCluster.Drain("autopipe test: drained node");
        try
        {
            using var run = Cli.Start("run", spec, "--workdir", workdir);
            Poll.Until(() => SlurmCluster.Jobs(prefix).Any(j => j.State == "PENDING"), 60, "the job pending on the drained node");
            Poll.Until(() => Cli.Run(30, "status", "--workdir", workdir, "--json").Stdout.Contains("PENDING (", StringComparison.Ordinal), 30, "status showing the job pending with Slurm's reason");
            SlurmCluster.Resume();
            Assert.True(run.Wait(60) == 0, run.Stderr + run.Stdout);
        }
        finally
        {
            SlurmCluster.Resume();
        }

        Assert.Single(SlurmCluster.Jobs(prefix));
        Assert.Single(Checkpoint.Read(workdir).Completed);
    }

    [SlurmFact]
    public void Run_JobPreemptedByAnUrgentOne_IsTransientAndRunsAgainUnchanged()
    {
        // The test cluster has a second partition, urgent, of a higher priority tier (PreemptMode=CANCEL): a job there
        // that needs the whole node cancels ours as PREEMPTED, as on a cluster with preemptible partitions.
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("preempt");
        var spec = SlurmSpecs.Mock(dir, name, jobs: 1, seconds: 8, maxSubmitted: 1, executor: ""","cpusPerTask":2""");
        var workdir = Path.Combine(dir.Path, "work");
        var prefix = SlurmCluster.Prefix(name);

        using var run = Cli.Start("run", spec, "--workdir", workdir);
        Poll.Until(() => SlurmCluster.Jobs(prefix).Any(j => j.State == "RUNNING"), 60, "the calculation's Slurm job running");
        SlurmCluster.SubmitCommand("sleep 2", "--partition=urgent", "--cpus-per-task=2", $"--job-name=urgent-{name}", $"--output={Path.Combine(dir.Path, "urgent.out")}");

        Assert.True(run.Wait(120) == 0, run.Stdout + run.Stderr);
        var jobs = SlurmCluster.Jobs(prefix);
        Assert.Equal(["PREEMPTED", "COMPLETED"], jobs.OrderBy(j => j.Name, StringComparer.Ordinal).Select(j => j.State));
        Assert.Contains("failed on attempt 1 of 3: Transient: Slurm job", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("was preempted by a job of higher priority (PREEMPTED", run.Stdout, StringComparison.Ordinal);
        Assert.Single(Checkpoint.Read(workdir).Completed);
    }

    [SlurmFact]
    public void StatusAndResume_WithoutSbatchOnPath_StatusWorksAndResumeExitsTwo()
    {
        using var dir = new TempDir();
        var spec = SlurmSpecs.Mock(dir, SlurmSpecs.UniqueName("nopath"), jobs: 1, seconds: 0, maxSubmitted: 1);
        var workdir = Path.Combine(dir.Path, "work");
        Assert.Equal(0, Cli.Run(60, "run", spec, "--workdir", workdir).Exit);
        var noSlurm = new Dictionary<string, string> { ["PATH"] = Directory.CreateDirectory(Path.Combine(dir.Path, "empty-path")).FullName };

        var status = Cli.Run(30, noSlurm, "status", "--workdir", workdir);
        var resume = Cli.Run(30, noSlurm, "run", "--workdir", workdir);

        Assert.True(status.Exit == 0, status.Stderr);
        Assert.Equal(2, resume.Exit);
        Assert.Contains("campaign.json: executor.kind: slurm needs Slurm's sbatch", resume.Stderr, StringComparison.Ordinal);
    }

    [SlurmFact]
    public void ReportData_SlurmCampaign_ShowsQueueWaitApartFromRunTime()
    {
        using var dir = new TempDir();
        // Four 1 s jobs on a 2-core node: two of them wait in the queue for the first two.
        var spec = SlurmSpecs.Mock(dir, SlurmSpecs.UniqueName("report"), jobs: 4, seconds: 1, maxSubmitted: 4);
        var workdir = Path.Combine(dir.Path, "work");
        Assert.Equal(0, Cli.Run(60, "run", spec, "--workdir", workdir).Exit);

        var data = AutoPipe.Client.Report.ReportData.Load(workdir);

        Assert.Equal(4, data.Attempts.Count);
        Assert.All(data.Attempts, a => Assert.True(a.RunStarted is null || (a.RunStarted > a.Started && a.RunStarted < a.Ended), a.ToString()));
        Assert.Contains(data.Attempts, a => a.RunStarted - a.Started > 0.5);
        var report = Cli.Run(60, "report", "--workdir", workdir);
        Assert.True(report.Exit == 0, report.Stderr);
        Assert.Contains("queue", File.ReadAllText(Path.Combine(workdir, "report", "index.html")), StringComparison.Ordinal);
    }

    [SlurmFact]
    public void Run_MaxSubmittedTwo_NeverHasMoreThanTwoJobsInTheQueue()
    {
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("max");
        var spec = SlurmSpecs.Mock(dir, name, jobs: 5, seconds: 0.5, maxSubmitted: 2);
        var workdir = Path.Combine(dir.Path, "work");
        var prefix = SlurmCluster.Prefix(name);

        using var run = Cli.Start("run", spec, "--workdir", workdir);
        var most = 0;
        Poll.Until(
            () =>
            {
                most = Math.Max(most, SlurmCluster.Active(prefix).Count);
                return run.HasExited;
            },
            90,
            "the run ending");

        Assert.True(run.Wait(10) == 0, run.Stderr + run.Stdout);
        Assert.InRange(most, 1, 2);
        Assert.Equal(5, SlurmCluster.Jobs(prefix).Count);
    }

    private static Dictionary<string, double> Energies(string workdir)
    {
        var rows = JsonNode.Parse(Cli.Run(30, "results", "--workdir", workdir, "--json").Stdout)!.AsArray();
        return rows.ToDictionary(r => r!["job_id"]!.GetValue<string>(), r => r!["energy"]!.GetValue<double>());
    }
}
