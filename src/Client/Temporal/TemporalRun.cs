using AutoPipe.Core.Runtime;
using AutoPipe.Worker.Activities;
using AutoPipe.Worker.Client;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Projection;
using AutoPipe.Worker.Scheduling;
using AutoPipe.Worker.Workflows;
using Serilog;
using Temporalio.Client;
using Temporalio.Worker;

namespace AutoPipe.Client.Temporal;

/// <summary>
/// <c>autopipe run SPEC --workdir DIR --temporal HOST:PORT</c>: the campaign runs as the Temporal workflow
/// <c>autopipe-&lt;name&gt;</c> on the compute workers, started or attached by workflow id; this process is its
/// projector (it owns DIR: it serves the structures and writes results.db and checkpoint.json exactly as the
/// embedded runtime does) and shows progress until the workflow ends. Stopping this process detaches: the
/// campaign goes on, and the next run on DIR attaches and catches up.
/// </summary>
internal static class TemporalRun
{
    public static async Task<int> RunAsync(OpenedCampaign campaign, ITemporalClient client, TemporalTarget target, ILogger log, CancellationToken cancellationToken)
    {
        var spec = campaign.Spec;
        var taskQueue = target.TaskQueue;
        // The workers run only what their allow-list names; the spec's calculator kind is the default name.
        var calculator = target.Calculator ?? spec.Calculator.Kind;
        using var projection = new WorkdirProjection(campaign, log);
        var activities = new ProjectorActivities(projection, projection, new ProjectorOptions { Campaign = spec.Name });
        using var stopProjector = new CancellationTokenSource();
        using var projector = new TemporalWorker(client, new TemporalWorkerOptions(TaskQueues.Projector(spec.Name)).AddAllActivities(activities));
        var projecting = projector.ExecuteAsync(stopProjector.Token);
        try
        {
            var campaigns = new TemporalCampaignClient(client, taskQueue);
            var retry = spec.Retry;
            var handle = await campaigns.StartOrAttachAsync(new CampaignWorkflow.Input(spec.Name, calculator)
            {
                Retry = new RetrySettings(retry.MaxAttempts, retry.InitialIntervalSeconds, retry.BackoffCoefficient, retry.MaximumIntervalSeconds),
                HeartbeatTimeoutSeconds = target.HeartbeatTimeoutSeconds,
                // Someone is watching this directory: hand outcomes over every few seconds, not every 30.
                RecordIntervalSeconds = 5,
            }).ConfigureAwait(false);
            log.Information(
                "Campaign {Campaign} runs on Temporal as workflow {WorkflowId} (calculator {Calculator}, task queue {TaskQueue}); this process projects it into {Workdir}",
                spec.Name, handle.Id, calculator, taskQueue, campaign.Workdir.Root);
            log.Information("Inspect it: temporal workflow describe --workflow-id {WorkflowId} --namespace {Namespace}; Temporal UI: {Ui}",
                handle.Id, client.Options.Namespace, $"http://localhost:8080/namespaces/{client.Options.Namespace}/workflows/{handle.Id}");
            var result = handle.GetResultAsync();
            while (!result.IsCompleted)
            {
                await Task.WhenAny(result, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken)).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    log.Warning("Detached from workflow {WorkflowId}: the campaign goes on on Temporal. Run the same command to attach again, or stop it with: autopipe cancel --temporal ADDRESS --campaign {Campaign}", handle.Id, spec.Name);
                    return ExitCodes.Interrupted;
                }

                if (!result.IsCompleted)
                {
                    var progress = await campaigns.GetProgressAsync(spec.Name).ConfigureAwait(false);
                    log.Information(
                        "Progress: {Completed}/{Total} completed, {Failed} failed, {InFlight} running, {Retrying} waiting to retry (workflow run {Run})",
                        progress.Completed, progress.TotalJobs, progress.Failed, progress.InFlight, progress.Retrying, progress.Run);
                }
            }

            var outcome = await result.ConfigureAwait(false);
            projection.WriteCheckpoint(outcome.Cancelled ? "stopped" : "finished");
            log.Warning(
                "Campaign {Campaign} {Ended} on Temporal: {Completed} completed, {Failed} failed, {Pending} pending, in {Runs} workflow run(s). Results: {Results}",
                spec.Name, outcome.Cancelled ? "was cancelled" : "finished", outcome.Completed, outcome.Failed, outcome.Pending, outcome.Runs, campaign.Workdir.ResultsDb);
            return outcome.Cancelled ? ExitCodes.Interrupted : outcome.Failed > 0 ? ExitCodes.PermanentFailures : ExitCodes.Success;
        }
        finally
        {
            await stopProjector.CancelAsync().ConfigureAwait(false);
            await projecting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
