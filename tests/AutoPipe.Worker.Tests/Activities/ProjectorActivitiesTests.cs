using AutoPipe.Worker.Activities;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Tests.Support;
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
    public async Task RecordResults_DeliveredTwice_KeepsOneOutcomePerJob()
    {
        var projection = new InMemoryProjection();
        var activities = new ProjectorActivities(new GeneratedJobSource(2), projection, new ProjectorOptions { Campaign = "c" });
        var outcomes = new[] { new JobOutcome(1, "job-0001", JobStatus.Completed, 1, null, null, null, []) };

        await new ActivityEnvironment().RunAsync(() => activities.RecordResultsAsync(new RecordResultsInput("c", outcomes)));
        await new ActivityEnvironment().RunAsync(() => activities.RecordResultsAsync(new RecordResultsInput("c", outcomes)));

        Assert.Single(projection.Outcomes);
        Assert.Equal(2, projection.Deliveries);
    }

    [Fact]
    public async Task RecordResults_OtherCampaign_IsRefusedNonRetryable()
    {
        var activities = new ProjectorActivities(new GeneratedJobSource(2), new InMemoryProjection(), new ProjectorOptions { Campaign = "c" });

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityEnvironment().RunAsync(() => activities.RecordResultsAsync(new RecordResultsInput("other", []))));

        Assert.Equal((ErrorTypes.WrongProjector, true), (e.ErrorType, e.NonRetryable));
    }
}
