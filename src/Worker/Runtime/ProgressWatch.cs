using AutoPipe.Core.Runtime;
using Serilog;

namespace AutoPipe.Worker.Runtime;

/// <summary>
/// Follows a campaign on Temporal every few seconds: the calculations in flight, from the workflow's pending
/// activities (with their worker and progress). When the workflow cannot answer (no worker polls its task queue
/// yet, its task sits on a dead worker's sticky queue), says so and how long it has been waiting, and goes on: a
/// failed query never ends the client's run.
/// </summary>
internal sealed class ProgressWatch
{
    private readonly TemporalCampaignClient campaigns;
    private readonly string campaign;
    private readonly int maxAttempts;
    private readonly TemporalRuntimeOptions options;
    private readonly ILogger log;
    private readonly TimeProvider time;
    private DateTimeOffset? unansweredSince;

    public ProgressWatch(TemporalCampaignClient campaigns, string campaign, int maxAttempts, TemporalRuntimeOptions options, ILogger log, TimeProvider time)
    {
        this.campaigns = campaigns;
        this.campaign = campaign;
        this.maxAttempts = maxAttempts;
        this.options = options;
        this.log = log;
        this.time = time;
    }

    /// <summary>The calculations in flight at the latest look.</summary>
    public IReadOnlyList<InFlightCalculation> InFlight { get; private set; } = [];

    /// <summary>Looks again; logs a warning while the workflow does not answer.</summary>
    public async Task LookAsync()
    {
        var (progress, error) = await campaigns.TryGetProgressAsync(campaign, options.QueryTimeout).ConfigureAwait(false);
        if (progress != null)
        {
            unansweredSince = null;
            try
            {
                InFlight = await campaigns.GetInFlightAsync(campaign, maxAttempts, options.QueryTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Temporalio.Exceptions.RpcException or Temporalio.Exceptions.RpcTimeoutOrCanceledException)
            {
                // Keep the last view; the next look tries again.
            }

            return;
        }

        unansweredSince ??= time.GetUtcNow();
        var waited = (time.GetUtcNow() - unansweredSince.Value).TotalSeconds;
        int? workers;
        try
        {
            workers = await campaigns.CountWorkflowWorkersAsync(options.QueryTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Temporalio.Exceptions.RpcException or Temporalio.Exceptions.RpcTimeoutOrCanceledException)
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
