using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Projector;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using Microsoft.Extensions.Time.Testing;
using Serilog;

namespace AutoPipe.Core.Tests.Projector;

public class OutcomeProjectorTests
{
    private static readonly ILogger silent = new LoggerConfiguration().CreateLogger();

    private static AttemptRecord Attempt(int attempt, AttemptEnd outcome) =>
        new(0, attempt, 2, DateTimeOffset.UnixEpoch.AddSeconds(attempt), DateTimeOffset.UnixEpoch.AddSeconds(attempt + 1), outcome, outcome == AttemptEnd.Failed ? "ScfNotConverged" : null, null, "1234@node-7");

    [Fact]
    public void LoadUnfinished_SkipsFinishedJobs_AndCountsThemWhereTheyWereSkipped()
    {
        using var dir = new TempDir();
        var spec = dir.File("c.json", """{"name":"skips","workers":1,"jobs":{"count":6},"calculator":{"kind":"mock","seconds":0}}""");
        using var campaign = CampaignWorkspace.Open(spec, Path.Combine(dir.Path, "work"), new RuntimeOptions(), silent);
        campaign.Jobs[0].State = JobState.Completed;
        campaign.Jobs[2].State = JobState.Failed;
        campaign.Jobs[3].State = JobState.Completed;
        campaign.Jobs[5].State = JobState.Completed;
        using var jobs = new WorkdirJobs(campaign);

        var first = jobs.LoadUnfinished(1, 1);
        var rest = jobs.LoadUnfinished(first.NextSequence, 10);

        Assert.Equal(("job-0002", 1, 0, 3), (Assert.Single(first.Jobs).JobId, first.Jobs[0].SkippedCompleted, first.Jobs[0].SkippedFailed, first.NextSequence));
        var fifth = Assert.Single(rest.Jobs);
        Assert.Equal(("job-0005", 1, 1), (fifth.JobId, fifth.SkippedCompleted, fifth.SkippedFailed));
        Assert.Equal((7, 1, 0), (rest.NextSequence, rest.TrailingCompleted, rest.TrailingFailed));
    }

    [Fact]
    public async Task Record_SameOutcomesDeliveredTwice_OneRowPerJobAndCheckpointLikeEmbedded()
    {
        using var dir = new TempDir();
        var spec = dir.File("c.json", """{"name":"projected","workers":2,"jobs":{"count":3},"calculator":{"kind":"mock","seconds":0}}""");
        var workdir = Path.Combine(dir.Path, "work");
        var calculator = new MockCalculator(new MockCalculatorSpec(0, new Dictionary<string, int>()));
        using (var campaign = CampaignWorkspace.Open(spec, workdir, new RuntimeOptions(), silent))
        using (var jobs = new WorkdirJobs(campaign))
        using (var projector = new OutcomeProjector(campaign, new RuntimeOptions(), silent))
        {
            var outcomes = new List<ProjectedOutcome>();
            foreach (var job in jobs.LoadUnfinished(1, 10).Jobs)
            {
                var result = await calculator.RunAsync(new CalculationRequest(job.JobId, 1, job.Structure, new Dictionary<string, JsonNode>(), workdir, null), null, CancellationToken.None);
                outcomes.Add(job.JobId == "job-0003"
                    ? new ProjectedOutcome(job.JobId, 3, null, "Transient: flaky (gave up after 3 of 3 attempts)", [], ["Transient: flaky", "Transient: flaky", "Transient: flaky"], [])
                    : new ProjectedOutcome(job.JobId, 2, result, null, ["attempt 2: mixing_beta 0.7 -> 0.35"], ["ScfNotConverged: x"], [Attempt(1, AttemptEnd.Failed), Attempt(2, AttemptEnd.Completed)]));
            }

            projector.Record(outcomes);
            projector.Record(outcomes);
            Assert.Equal((2, 1), projector.Counts);

            // What is finished is never handed out again.
            var rest = jobs.LoadUnfinished(1, 10);
            Assert.Equal((0, 4, 2, 1), (rest.Jobs.Count, rest.NextSequence, rest.TrailingCompleted, rest.TrailingFailed));
        }

        using (var journal = CampaignJournal.OpenExisting(Path.Combine(workdir, "state.db"))!)
        {
            var attempts = journal.LoadAttempts();
            Assert.Equal(4, attempts.Count);
            Assert.All(attempts, a => Assert.Equal(("1234@node-7", 2), (a.Worker, a.Slot)));
            Assert.Equal([1, 1, 2, 2], attempts.Select(a => a.Sequence).Order());
        }

        var rows = AseResultsReader.ReadAll(Path.Combine(workdir, "results.db"));
        Assert.Equal(["job-0001", "job-0002"], rows.Select(r => r.JobId));
        Assert.All(rows, r => Assert.Equal(2, r.Attempts));
        var checkpoint = JsonNode.Parse(File.ReadAllText(Path.Combine(workdir, "checkpoint.json")))!;
        Assert.Equal("finished", checkpoint["status"]!.GetValue<string>());
        Assert.Equal("job-0003", checkpoint["failed_job_ids"]![0]!.GetValue<string>());
        Assert.Equal("attempt 2: mixing_beta 0.7 -> 0.35", checkpoint["jobs"]!["job-0001"]!["corrections"]![0]!.GetValue<string>());
        Assert.Equal("projected 2", AsePython.Run(
            "import sys; from ase.db import connect; r = connect(sys.argv[1]).get(job_id='job-0002'); print(r.campaign, r.attempts)",
            Path.Combine(workdir, "results.db")).Trim());
    }

    [Fact]
    public async Task Record_OutcomeHeldBackByTheCheckpointThrottle_ReachesCheckpointWhenTheThrottleExpires()
    {
        using var dir = new TempDir();
        var spec = dir.File("c.json", """{"name":"trailing","workers":2,"jobs":{"count":3},"calculator":{"kind":"mock","seconds":0}}""");
        var workdir = Path.Combine(dir.Path, "work");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // A throttle so strict that the second write in a row always waits for the timer.
        var options = new RuntimeOptions { Time = time, CheckpointCostFactor = 1_000_000 };
        var calculator = new MockCalculator(new MockCalculatorSpec(0, new Dictionary<string, int>()));
        using var campaign = CampaignWorkspace.Open(spec, workdir, options, silent);
        using var jobs = new WorkdirJobs(campaign);
        using var projector = new OutcomeProjector(campaign, options, silent);
        var outcomes = new List<ProjectedOutcome>();
        foreach (var job in jobs.LoadUnfinished(1, 2).Jobs)
        {
            var result = await calculator.RunAsync(new CalculationRequest(job.JobId, 1, job.Structure, new Dictionary<string, JsonNode>(), workdir, null), null, CancellationToken.None);
            outcomes.Add(new ProjectedOutcome(job.JobId, 1, result, null, [], [], [Attempt(1, AttemptEnd.Completed)]));
        }

        projector.Record([outcomes[0]]);
        projector.Record([outcomes[1]]);
        var held = Completed(workdir);
        time.Advance(TimeSpan.FromDays(1));

        // results.db has both at once; checkpoint.json has the second only once the throttle's time is up.
        Assert.Equal(2, AseResultsReader.ReadAll(Path.Combine(workdir, "results.db")).Count);
        Assert.Equal(["job-0001"], held);
        Assert.Equal(["job-0001", "job-0002"], Completed(workdir));
        Assert.Equal("running", JsonNode.Parse(File.ReadAllText(Path.Combine(workdir, "checkpoint.json")))!["status"]!.GetValue<string>());
    }

    [Fact]
    public void Snapshot_JobRecordedFailedSinceTheLastLookAtWhatRuns_IsFailedAndNotRunning()
    {
        using var dir = new TempDir();
        var spec = dir.File("c.json", """{"name":"snap","workers":2,"jobs":{"count":3},"calculator":{"kind":"mock","seconds":0}}""");
        using var campaign = CampaignWorkspace.Open(spec, Path.Combine(dir.Path, "work"), new RuntimeOptions(), silent);
        using var projector = new OutcomeProjector(campaign, new RuntimeOptions(), silent);
        // What ran at the last look at the workflow (every few seconds): job-0001's last attempt and job-0002's first.
        var looked = new List<InFlightCalculation>
        {
            new("job-0001", 0, 3, 3, DateTimeOffset.UnixEpoch, null, "1@a"),
            new("job-0002", 0, 1, 3, DateTimeOffset.UnixEpoch, null, "1@a"),
        };

        // Since then that last attempt failed and the workflow handed the job over as failed for good.
        projector.Record([new ProjectedOutcome("job-0001", 3, null, "Transient: flaky (gave up after 3 of 3 attempts)", [], ["Transient: flaky", "Transient: flaky", "Transient: flaky"], [])]);
        var (completed, failed, running) = projector.Snapshot(looked);

        // Not "0 completed, 1 failed, 2 pending (2 running)": a job is failed, or running, never both.
        Assert.Equal((0, 1), (completed, failed));
        Assert.Equal(["job-0002"], running.Select(c => c.JobId));
        var progress = new CampaignProgress("snap", 3, completed, failed, 0, DateTimeOffset.UnixEpoch, running);
        Assert.Equal(2, progress.Pending);
    }

    private static List<string> Completed(string workdir) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(workdir, "checkpoint.json")))!["completed_job_ids"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}
