using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Workflows;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Converters;

namespace AutoPipe.Worker.Runtime;

/// <summary>
/// Starts, attaches to, watches and cancels campaigns on Temporal, always by workflow id
/// (<c>autopipe-&lt;campaign&gt;</c>): start with the id-conflict policy "use existing", query, update, result.
/// Never through visibility list queries, which are eventually consistent.
/// </summary>
public sealed class TemporalCampaignClient
{
    private readonly ITemporalClient client;
    private readonly string taskQueue;
    private readonly TimeProvider time;

    /// <summary>Creates the client; <paramref name="taskQueue"/> is where campaign workflows run.</summary>
    public TemporalCampaignClient(ITemporalClient client, string taskQueue = TaskQueues.Default, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
        this.taskQueue = taskQueue;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Starts the campaign, or attaches to it when a run with its workflow id is already running (a second start is
    /// not a second campaign).
    /// </summary>
    public async Task<WorkflowHandle<CampaignWorkflow, CampaignWorkflow.Result>> StartOrAttachAsync(CampaignWorkflow.Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return await client.StartWorkflowAsync(
            (CampaignWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(TaskQueues.WorkflowId(input.Campaign), taskQueue)
            {
                IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
                StaticSummary = $"AutoPipe campaign {input.Campaign} with {input.Calculator}",
            }).ConfigureAwait(false);
    }

    /// <summary>The handle of a campaign's latest run.</summary>
    public WorkflowHandle<CampaignWorkflow, CampaignWorkflow.Result> Handle(string campaign) =>
        client.GetWorkflowHandle<CampaignWorkflow, CampaignWorkflow.Result>(TaskQueues.WorkflowId(campaign));

    /// <summary>The campaign's progress (the <c>Progress</c> query of its latest run).</summary>
    public Task<WorkflowProgress> GetProgressAsync(string campaign) =>
        Handle(campaign).QueryAsync(wf => wf.Progress());

    /// <summary>
    /// The campaign's progress, or null with why when the query cannot be answered within <paramref name="timeout"/>
    /// (no worker has the workflow yet, its workflow task sits on a dead worker's sticky queue, the server is busy).
    /// A query needs a worker to answer, so its failure is something to wait out, not the end of the campaign.
    /// </summary>
    public async Task<(WorkflowProgress? Progress, string? Error)> TryGetProgressAsync(string campaign, TimeSpan timeout)
    {
        try
        {
            var progress = await Handle(campaign).QueryAsync(wf => wf.Progress(), new WorkflowQueryOptions { Rpc = new RpcOptions { Timeout = timeout } }).ConfigureAwait(false);
            return (progress, null);
        }
        catch (Exception e) when (e is Temporalio.Exceptions.RpcException or Temporalio.Exceptions.WorkflowQueryFailedException or Temporalio.Exceptions.RpcTimeoutOrCanceledException or TimeoutException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>
    /// The calculations running now, from the workflow's pending activities (their activity id, worker, start and
    /// latest heartbeat, which carries the calculator's progress): nothing of this is in the history.
    /// </summary>
    public async Task<IReadOnlyList<Core.Runtime.InFlightCalculation>> GetInFlightAsync(string campaign, int maxAttempts, TimeSpan timeout)
    {
        var description = await client.WorkflowService.DescribeWorkflowExecutionAsync(
            new Temporalio.Api.WorkflowService.V1.DescribeWorkflowExecutionRequest
            {
                Namespace = client.Options.Namespace,
                Execution = new Temporalio.Api.Common.V1.WorkflowExecution { WorkflowId = TaskQueues.WorkflowId(campaign) },
            },
            new RpcOptions { Timeout = timeout }).ConfigureAwait(false);
        var running = new List<Core.Runtime.InFlightCalculation>();
        foreach (var activity in description.PendingActivities)
        {
            var parts = activity.ActivityId.Split("/attempt-");
            if (activity.ActivityType?.Name != "RunCalculation" || activity.State != PendingActivityState.Started
                || parts.Length != 2 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var attempt))
            {
                continue;
            }

            // The heartbeat's details: the calculator's progress, then (from workers that say it) the worker slot.
            Core.Calculators.CalculationProgress? progress = null;
            var slot = 0;
            var details = activity.HeartbeatDetails?.Payloads_;
            try
            {
                if (details?.Count > 0)
                {
                    progress = DataConverter.Default.PayloadConverter.ToValue<Core.Calculators.CalculationProgress>(details[0]);
                }

                if (details?.Count > 1)
                {
                    slot = DataConverter.Default.PayloadConverter.ToValue<int>(details[1]);
                }
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
            {
                // A heartbeat of another shape (an older worker): no detail.
            }

            var started = activity.LastStartedTime?.ToDateTimeOffset() ?? time.GetUtcNow();
            running.Add(new Core.Runtime.InFlightCalculation(parts[0], slot, attempt, maxAttempts, started, progress?.Detail, activity.LastWorkerIdentity, progress?.ScfAccuracyRy));
        }

        return running.OrderBy(c => c.Started).ToList();
    }

    /// <summary>How many workers have polled the campaign workflows' task queue lately (the server keeps them a few minutes).</summary>
    public Task<int> CountWorkflowWorkersAsync(TimeSpan timeout) => CountPollersAsync(TaskQueueType.Workflow, timeout);

    /// <summary>
    /// How many worker processes poll the task queue for both workflow and activity tasks (each our worker does), as
    /// the server saw them lately.
    /// </summary>
    public async Task<int> CountWorkersAsync(TimeSpan timeout) =>
        Math.Min(await CountPollersAsync(TaskQueueType.Workflow, timeout).ConfigureAwait(false), await CountPollersAsync(TaskQueueType.Activity, timeout).ConfigureAwait(false));

    private async Task<int> CountPollersAsync(TaskQueueType type, TimeSpan timeout)
    {
        var response = await client.WorkflowService.DescribeTaskQueueAsync(
            new Temporalio.Api.WorkflowService.V1.DescribeTaskQueueRequest
            {
                Namespace = client.Options.Namespace,
                TaskQueue = new Temporalio.Api.TaskQueue.V1.TaskQueue { Name = taskQueue },
                TaskQueueType = type,
            },
            new RpcOptions { Timeout = timeout }).ConfigureAwait(false);
        return response.Pollers.Select(p => p.Identity).Distinct(StringComparer.Ordinal).Count();
    }

    /// <summary>Cancels the campaign through the <c>Cancel</c> update; returns the progress when the workflow accepted it.</summary>
    public Task<WorkflowProgress> CancelAsync(string campaign, string reason) =>
        Handle(campaign).ExecuteUpdateAsync(wf => wf.CancelAsync(new CancelRequest(reason)));

    /// <summary>Waits for the campaign's end, following continue-as-new runs.</summary>
    public Task<CampaignWorkflow.Result> GetResultAsync(string campaign) => Handle(campaign).GetResultAsync();
}
