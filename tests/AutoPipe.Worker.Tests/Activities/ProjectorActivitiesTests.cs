using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using AutoPipe.Worker.Activities;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Projection;
using AutoPipe.Worker.Tests.Support;
using Serilog;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace AutoPipe.Worker.Tests.Activities;

public class ProjectorActivitiesTests
{
    [Fact]
    public async Task LoadJobBatch_OwnCampaign_ReturnsTheBatchFromTheJobSource()
    {
        var activities = new ProjectorActivities(new GeneratedJobSource(7), new InMemoryProjection(), new ProjectorOptions { Campaign = "c" });

        var batch = await new ActivityEnvironment().RunAsync(() => activities.LoadJobBatchAsync(new LoadJobBatchInput("c", 5, 10)));

        Assert.Equal(7, batch.TotalJobs);
        Assert.Equal(["job-0005", "job-0006", "job-0007"], batch.Jobs.Select(j => j.JobId));
    }

    [Fact]
    public async Task RecordResults_DeliveredTwiceToTheWorkingDirectory_OneRowAndOneAttemptRecord()
    {
        using var dir = new TempDir();
        var spec = dir.File("c.json", """{"name":"c","workers":1,"jobs":{"count":2},"calculator":{"kind":"mock","seconds":0}}""");
        var workdir = Path.Combine(dir.Path, "work");
        var silent = new LoggerConfiguration().CreateLogger();
        using (var campaign = CampaignWorkspace.Open(spec, workdir, new RuntimeOptions(), silent))
        using (var projection = new WorkdirProjection(campaign, silent))
        {
            var activities = new ProjectorActivities(projection, projection, new ProjectorOptions { Campaign = "c" });
            var job = (await new ActivityEnvironment().RunAsync(() => activities.LoadJobBatchAsync(new LoadJobBatchInput("c", 1, 1)))).Jobs[0];
            var result = await new MockCalculator(new MockCalculatorSpec(0, new Dictionary<string, int>())).RunAsync(
                new CalculationRequest(job.JobId, 1, job.Structure.ToStructure(), new Dictionary<string, JsonNode>(), dir.Path, null), null, CancellationToken.None);
            var now = DateTimeOffset.UtcNow;
            var outcomes = new[]
            {
                new JobOutcome(1, job.JobId, JobStatus.Completed, 1, result, null, null, [], [], [new AttemptReport(1, "1@w", 1, now, now, AttemptEnd.Completed, null, null)]),
            };

            // At least once: the workflow may hand the same outcomes over again after a projector restart.
            await new ActivityEnvironment().RunAsync(() => activities.RecordResultsAsync(new RecordResultsInput("c", outcomes)));
            await new ActivityEnvironment().RunAsync(() => activities.RecordResultsAsync(new RecordResultsInput("c", outcomes)));
        }

        Assert.Equal(["job-0001"], AseResultsReader.ReadAll(Path.Combine(workdir, "results.db")).Select(r => r.JobId));
        using var journal = CampaignJournal.OpenExisting(Path.Combine(workdir, "state.db"))!;
        Assert.Single(journal.LoadAttempts());
    }

    [Fact]
    public async Task RecordResults_OtherCampaign_IsRefusedNonRetryable()
    {
        var activities = new ProjectorActivities(new GeneratedJobSource(2), new InMemoryProjection(), new ProjectorOptions { Campaign = "c" });

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityEnvironment().RunAsync(() => activities.RecordResultsAsync(new RecordResultsInput("other", []))));

        Assert.Equal((ErrorTypes.WrongProjector, true), (e.ErrorType, e.NonRetryable));
    }
}
