using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Logging;
using AutoPipe.Worker.Projection;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace AutoPipe.Worker.Activities;

/// <summary>
/// The projector's activities, on the projector's own task queue: only the process that owns the working directory
/// runs them. <c>LoadJobBatch</c> reads a small batch of jobs and structures; <c>RecordResults</c> hands finished jobs
/// to the projection (results.db and checkpoint.json), idempotently.
/// </summary>
public sealed class ProjectorActivities
{
    private readonly IJobSource jobs;
    private readonly ICampaignProjection projection;
    private readonly ProjectorOptions options;

    /// <summary>Creates the activities.</summary>
    public ProjectorActivities(IJobSource jobs, ICampaignProjection projection, ProjectorOptions options)
    {
        this.jobs = jobs;
        this.projection = projection;
        this.options = options;
    }

    /// <summary>Loads up to <see cref="LoadJobBatchInput.MaxCount"/> jobs from <see cref="LoadJobBatchInput.FromSequence"/>.</summary>
    [Activity("LoadJobBatch")]
    public async Task<JobBatch> LoadJobBatchAsync(LoadJobBatchInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckCampaign(input.Campaign);
        var context = ActivityExecutionContext.Current;
        var batch = await jobs.LoadBatchAsync(input.FromSequence, input.MaxCount, context.CancellationToken).ConfigureAwait(false);
        context.Logger.Loaded(batch.Jobs.Count, input.FromSequence, batch.TotalJobs);
        return batch;
    }

    /// <summary>Records a batch of outcomes; safe to deliver more than once.</summary>
    [Activity("RecordResults")]
    public async Task RecordResultsAsync(RecordResultsInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckCampaign(input.Campaign);
        var context = ActivityExecutionContext.Current;
        await projection.RecordAsync(input.Outcomes, input.Learning, context.CancellationToken).ConfigureAwait(false);
        context.Logger.Recorded(input.Outcomes.Count);
    }

    private void CheckCampaign(string campaign)
    {
        if (!string.Equals(campaign, options.Campaign, StringComparison.Ordinal))
        {
            throw new ApplicationFailureException(
                $"this projector serves campaign '{options.Campaign}', not '{campaign}'",
                ErrorTypes.WrongProjector,
                nonRetryable: true);
        }
    }
}
