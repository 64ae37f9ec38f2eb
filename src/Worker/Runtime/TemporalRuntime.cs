using AutoPipe.Core.Projection;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Workspace;
using AutoPipe.Worker.Activities;
using AutoPipe.Worker.Calculators;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Projection;
using AutoPipe.Worker.Workflows;
using Serilog;
using Temporalio.Client;
using Temporalio.Worker;

namespace AutoPipe.Worker.Runtime;

/// <summary>
/// Runs an opened campaign on Temporal: the workflow <c>autopipe-&lt;name&gt;</c> is started or attached by workflow
/// id and fans the calculations out to the compute workers; this process is its projector (it owns the working
/// directory: it serves the structures and writes results.db and checkpoint.json exactly as the embedded runtime
/// does) until the workflow ends. Cancelling <see cref="RunAsync"/> detaches: the campaign goes on, and the next
/// run on the same directory attaches and catches up. To stop the campaign itself, use
/// <see cref="TemporalCampaignClient.CancelAsync"/>.
/// </summary>
public sealed class TemporalRuntime : ICampaignRuntime
{
    private readonly OpenedCampaign campaign;
    private readonly ITemporalClient client;
    private readonly TemporalRuntimeOptions options;
    private readonly ILogger log;
    private readonly TimeProvider time;
    private readonly DateTimeOffset startedAt;
    private readonly int completedAtStart;
    private WorkdirProjection? projection;
    private ProgressWatch? watch;

    /// <summary>Prepares the run of <paramref name="campaign"/> through <paramref name="client"/>.</summary>
    public TemporalRuntime(OpenedCampaign campaign, ITemporalClient client, TemporalRuntimeOptions options, ILogger log)
    {
        this.campaign = campaign;
        this.client = client;
        this.options = options;
        this.log = log;
        time = options.Time;
        startedAt = time.GetUtcNow();
        completedAtStart = campaign.Jobs.Count(j => j.State == Core.Storage.JobState.Completed);
    }

    /// <inheritdoc/>
    public CampaignProgress Progress
    {
        get
        {
            // The calculations in flight come from the latest look at the workflow (every few seconds), the counts from
            // the projection (at every hand-over): a job recorded as finished since that look is no longer running.
            var (completed, failed, inFlight) = projection?.Snapshot(watch?.InFlight ?? [])
                ?? (campaign.Jobs.Count(j => j.State == Core.Storage.JobState.Completed), campaign.Jobs.Count(j => j.State == Core.Storage.JobState.Failed), []);
            return new CampaignProgress(campaign.Spec.Name, campaign.Jobs.Count, completed, failed, completed - completedAtStart, startedAt, inFlight);
        }
    }

    /// <inheritdoc/>
    public async Task<CampaignOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var spec = campaign.Spec;
        // The workers run only what their allow-list names; the spec's calculator kind is the default name.
        var calculator = options.Calculator ?? spec.Calculator.Kind;
        using var projection = new WorkdirProjection(campaign, log);
        this.projection = projection;
        AnnounceResume(projection);
        var activities = new ProjectorActivities(projection, projection, new ProjectorOptions { Campaign = spec.Name });
        using var stopProjector = new CancellationTokenSource();
        using var projector = new TemporalWorker(client, new TemporalWorkerOptions(TaskQueues.Projector(spec.Name)).AddAllActivities(activities));
        var projecting = projector.ExecuteAsync(stopProjector.Token);
        try
        {
            var campaigns = new TemporalCampaignClient(client, options.TaskQueue);
            var handle = await campaigns.StartOrAttachAsync(new CampaignWorkflow.Input(spec.Name, calculator)
            {
                Retry = spec.Retry,
                CalculatorSettings = CampaignCalculatorSettings.FromSpec(spec.Calculator),
                HeartbeatTimeoutSeconds = options.HeartbeatTimeoutSeconds,
            }).ConfigureAwait(false);
            log.Information(
                "Campaign {Campaign} runs on Temporal as workflow {WorkflowId} (calculator {Calculator}, task queue {TaskQueue}); this process projects it into {Workdir}",
                spec.Name, handle.Id, calculator, options.TaskQueue, campaign.Workdir.Root);
            if (spec.Calculator is EspressoCalculatorSpec)
            {
                log.Information(
                    "The spec's calculator.command and calculator.pseudoDir are not used on Temporal: each worker runs pw.x with its allow-list entry {Calculator} (its own command and pseudopotential folder); the rest of the calculator object travels with the campaign",
                    calculator);
            }

            var uiLink = $"{options.UiAddress}/namespaces/{client.Options.Namespace}/workflows/{handle.Id}";
            log.Information(
                "Inspect it: temporal workflow describe --workflow-id {WorkflowId} --namespace {Namespace}; Temporal UI: {Ui}",
                handle.Id, client.Options.Namespace, uiLink);
            // A dashboard in another process links the workflow from status.json.
            var runtime = new RuntimeDescription("temporal", handle.Id, client.Options.Namespace, uiLink);
            var result = handle.GetResultAsync();
            var watch = new ProgressWatch(campaigns, spec.Name, spec.Retry.MaxAttempts, options, log, time);
            this.watch = watch;
            while (!result.IsCompleted)
            {
                await Task.WhenAny(result, Task.Delay(options.ProgressInterval, time, cancellationToken)).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    log.Warning(
                        "Detached from workflow {WorkflowId}: the calculations in flight go on on Temporal, but new ones start only while a projector serves this directory. Run the same command to attach again and go on, or stop the campaign with: autopipe cancel --temporal ADDRESS --campaign {Campaign}",
                        handle.Id, spec.Name);
                    var (completed, failed) = projection.Counts;
                    return new CampaignOutcome(campaign.Jobs.Count, completed, failed, Cancelled: true);
                }

                if (!result.IsCompleted)
                {
                    await watch.LookAsync().ConfigureAwait(false);
                    StatusFile.Write(campaign.Workdir, Progress, time, runtime);
                }
            }

            var outcome = await result.ConfigureAwait(false);
            projection.WriteCheckpoint(outcome.Cancelled ? "stopped" : "finished");
            log.Information("Workflow {WorkflowId} ended after {Runs} run(s) and {Attempts} attempts", handle.Id, outcome.Runs, outcome.Attempts);
            return new CampaignOutcome(outcome.TotalJobs, outcome.Completed, outcome.Failed, outcome.Cancelled);
        }
        finally
        {
            // status.json shows a live run; this process no longer watches one (finished, detached or failed).
            ForgetStatusFile();
            this.projection = null;
            await stopProjector.CancelAsync().ConfigureAwait(false);
            await projecting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Removes status.json; a directory that cannot be written keeps it (the failure that stopped the run says why).</summary>
    private void ForgetStatusFile()
    {
        try
        {
            File.Delete(campaign.Workdir.StatusJson);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Debug("Could not remove {StatusJson}: {Error}", campaign.Workdir.StatusJson, e.Message);
        }
    }

    /// <summary>Says what a resumed or switched campaign resubmits, as the embedded runtime does.</summary>
    private void AnnounceResume(WorkdirProjection projection)
    {
        if (!campaign.Resumed)
        {
            return;
        }

        var (completed, failed) = projection.Counts;
        var pending = campaign.Jobs.Count - completed - failed;
        log.Information(
            "Found checkpoint in {Workdir}: {Completed} completed, {Failed} failed, {Pending} pending; resubmitting {Pending} pending calculations",
            campaign.Workdir.Root, completed, failed, pending, pending);
    }
}
