using AutoPipe.Worker.Client;
using Serilog;

namespace AutoPipe.Worker.Runtime;

/// <summary>
/// Logs a campaign's progress on Temporal every few seconds; when the workflow cannot answer (no worker polls its
/// task queue yet, its task sits on a dead worker's sticky queue), says so and how long it has been waiting, and
/// goes on: a failed query never ends the client's run.
/// </summary>
internal sealed class ProgressWatch
{
    private readonly TemporalCampaignClient campaigns;
    private readonly string campaign;
    private readonly TemporalRuntimeOptions options;
    private readonly ILogger log;
    private readonly TimeProvider time;
    private DateTimeOffset? unansweredSince;

    public ProgressWatch(TemporalCampaignClient campaigns, string campaign, TemporalRuntimeOptions options, ILogger log, TimeProvider time)
    {
        this.campaigns = campaigns;
        this.campaign = campaign;
        this.options = options;
        this.log = log;
        this.time = time;
    }

    public async Task ReportAsync()
    {
        var (progress, error) = await campaigns.TryGetProgressAsync(campaign, options.QueryTimeout).ConfigureAwait(false);
        if (progress != null)
        {
            unansweredSince = null;
            log.Information(
                "Progress: {Completed}/{Total} completed, {Failed} failed, {InFlight} running, {Retrying} waiting to retry (workflow run {Run})",
                progress.Completed, progress.TotalJobs, progress.Failed, progress.InFlight, progress.Retrying, progress.Run);
            return;
        }

        unansweredSince ??= time.GetUtcNow();
        var waited = (time.GetUtcNow() - unansweredSince.Value).TotalSeconds;
        int? workers;
        try
        {
            workers = await campaigns.CountWorkflowWorkersAsync(options.QueryTimeout).ConfigureAwait(false);
        }
        catch (Temporalio.Exceptions.RpcException)
        {
            workers = null;
        }

        if (workers == 0)
        {
            log.Warning("Waiting for a worker on task queue {TaskQueue}, {Seconds:0} s: none polls it; start one with: autopipe-worker --address ADDRESS --task-queue {TaskQueue}", options.TaskQueue, waited, options.TaskQueue);
        }
        else
        {
            log.Warning("The workflow has not answered for {Seconds:0} s ({Error}); waiting for a worker to take it up", waited, error);
        }
    }
}
