using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Embedded;
using AutoPipe.Core.Projection;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using Serilog;

namespace AutoPipe.Core.Tests.Embedded;

public class EmbeddedRuntimeTests
{
    private static readonly ILogger silent = new LoggerConfiguration().CreateLogger();

    [Fact]
    public async Task RunAsync_InstantJobsOnFourWorkers_EveryJobOneRowAndCheckpointComplete()
    {
        using var dir = new TempDir();
        var spec = dir.File("c.json", """{"name":"many","workers":4,"jobs":{"count":300},"calculator":{"kind":"mock","seconds":0}}""");

        var outcome = await Run(spec, dir);

        Assert.Equal(new CampaignOutcome(300, 300, 0, false), outcome);
        var rows = AseResultsReader.ReadAll(Path.Combine(dir.Path, "work", "results.db"));
        Assert.Equal(300, rows.Select(r => r.JobId).Distinct().Count());
        Assert.Equal(300, rows.Count);
        var checkpoint = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(dir.Path, "work", "checkpoint.json")))!;
        Assert.Empty(checkpoint["pending_job_ids"]!.AsArray());
        Assert.Equal(300, checkpoint["completed_job_ids"]!.AsArray().Count);
        Assert.Equal("finished", checkpoint["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Open_RowCommittedButJournalNot_AdoptsTheRowAndNeverRunsTheJobAgain()
    {
        using var dir = new TempDir();
        var specPath = dir.File("c.json", """{"name":"torn","workers":1,"jobs":{"count":3},"calculator":{"kind":"mock","seconds":0}}""");
        var workdir = Path.Combine(dir.Path, "work");
        using (var created = CampaignWorkspace.Open(specPath, workdir, new RuntimeOptions(), silent))
        {
            // What a SIGKILL between the two commits leaves: job-0002's row in results.db, the journal still pending.
            var job = created.Jobs[1];
            job.Attempts = 1;
            var result = await new MockCalculator(new MockCalculatorSpec(0, new Dictionary<string, int>()))
                .RunAsync(new CalculationRequest(job.JobId, 1, MockStructures.ForJob(2), new Dictionary<string, System.Text.Json.Nodes.JsonNode>(), workdir, null), null, CancellationToken.None);
            using var results = AseDatabase.Open(Path.Combine(workdir, "results.db"));
            results.Insert([ResultRows.Build(created.Spec, job, MockStructures.ForJob(2), result)]);
        }

        using var resumed = CampaignWorkspace.Open(specPath, workdir, new RuntimeOptions(), silent);

        Assert.Equal(JobState.Completed, resumed.Jobs[1].State);
        var outcome = await new EmbeddedRuntime(resumed, new RuntimeOptions(), silent).RunAsync(CancellationToken.None);
        Assert.Equal(3, outcome.Completed);
        Assert.Equal(3, AseResultsReader.ReadAll(Path.Combine(workdir, "results.db")).Count);
    }

    [Fact]
    public async Task Open_JobInterruptedThreeTimes_FailsItInsteadOfLoopingForever()
    {
        using var dir = new TempDir();
        var specPath = dir.File("c.json", """{"name":"poison","workers":1,"jobs":{"count":2},"calculator":{"kind":"mock","seconds":0}}""");
        var workdir = Path.Combine(dir.Path, "work");
        for (var crash = 1; crash <= 3; crash++)
        {
            using var campaign = CampaignWorkspace.Open(specPath, workdir, new RuntimeOptions(), silent);
            Assert.Equal(JobState.Pending, campaign.Jobs[0].State);
            // The manager marked job-0001 running and then died (as a SIGKILL would leave it).
            campaign.Jobs[0].State = JobState.Running;
            campaign.Journal.Commit([campaign.Jobs[0]], []);
        }

        using var last = CampaignWorkspace.Open(specPath, workdir, new RuntimeOptions(), silent);

        Assert.Equal(JobState.Failed, last.Jobs[0].State);
        Assert.Contains("Interrupted", last.Jobs[0].FailureReason, StringComparison.Ordinal);
        var outcome = await new EmbeddedRuntime(last, new RuntimeOptions(), silent).RunAsync(CancellationToken.None);
        Assert.Equal(new CampaignOutcome(2, 1, 1, false), outcome);
    }

    [Fact]
    public async Task RunAsync_Cancelled_RecordsInFlightAsPendingAndResumes()
    {
        using var dir = new TempDir();
        var specPath = dir.File("c.json", """{"name":"stop","workers":2,"jobs":{"count":4},"calculator":{"kind":"mock","seconds":30}}""");
        var workdir = Path.Combine(dir.Path, "work");
        using (var campaign = CampaignWorkspace.Open(specPath, workdir, new RuntimeOptions(), silent))
        {
            var runtime = new EmbeddedRuntime(campaign, new RuntimeOptions(), silent);
            using var cancel = new CancellationTokenSource();
            var run = runtime.RunAsync(cancel.Token);
            Assert.True(await Poll.WithinAsync(() => runtime.Progress.InFlight.Count == 2, TimeSpan.FromSeconds(20)), "two calculations in flight within 20 s");
            await cancel.CancelAsync();
            var outcome = await run;
            Assert.True(outcome.Cancelled);
            Assert.Equal(4, outcome.Pending);
        }

        using var resumed = CampaignWorkspace.Open(specPath, workdir, new RuntimeOptions(), silent);
        Assert.All(resumed.Jobs, j => Assert.Equal((JobState.Pending, 0), (j.State, j.Attempts)));
        Assert.Equal(2, resumed.Jobs.Count(j => j.Interruptions == 1));
    }

    private static async Task<CampaignOutcome> Run(string spec, TempDir dir)
    {
        using var campaign = CampaignWorkspace.Open(spec, Path.Combine(dir.Path, "work"), new RuntimeOptions(), silent);
        return await new EmbeddedRuntime(campaign, new RuntimeOptions(), silent).RunAsync(CancellationToken.None);
    }
}
