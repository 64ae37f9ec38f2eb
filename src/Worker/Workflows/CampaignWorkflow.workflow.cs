using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AutoPipe.Core.Policy.Learning;
using AutoPipe.Core.Runtime;
using AutoPipe.Worker.Activities;
using AutoPipe.Worker.Calculators;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Logging;
using AutoPipe.Worker.Scheduling;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using CorePolicy = AutoPipe.Core.Policy;
using CoreSpec = AutoPipe.Core.Spec;
using TemporalRetryPolicy = Temporalio.Common.RetryPolicy;

namespace AutoPipe.Worker.Workflows;

/// <summary>
/// One campaign on Temporal (workflow id <c>autopipe-&lt;campaign&gt;</c>). Three coroutines, one concern each: the
/// loader fetches jobs from the campaign's projector in small batches as the window asks for them; the runner fans
/// <c>RunCalculation</c> activities out through a bounded window and retries classified failures itself with the
/// shared pure <see cref="CorePolicy.RetryPolicy"/> (so each decision and its corrected parameters are in the
/// history); the recorder hands outcomes back to the projector by group commit. The run continues as new with
/// compact <see cref="CampaignState"/> before its history grows large.
/// </summary>
[Workflow(WorkflowType)]
public sealed partial class CampaignWorkflow
{
    /// <summary>The workflow type name, for <c>temporal workflow start --type</c>.</summary>
    public const string WorkflowType = "CampaignWorkflow";

    /// <summary>The patch under which projector activities retry for as long as the projector is away.</summary>
    internal const string ProjectorRetriesForeverPatch = "projector-retries-forever";

    /// <summary>
    /// The patch under which outcomes reach the projector by group commit (this file); runs started before it keep
    /// their size-or-timer batches (<c>CampaignWorkflow.TimedBatches.workflow.cs</c>).
    /// </summary>
    internal const string GroupCommitPatch = "group-commit";

    /// <summary>The patch under which a campaign learns from its repairs (only runs that also group-commit).</summary>
    internal const string LearnFromRepairsPatch = "learn-from-repairs";

    /// <summary>
    /// The patch under which a pw.x killed although it had <c>max_seconds</c> is given more room instead of given up
    /// (<see cref="CorePolicy.BuiltInCorrectionPolicies.For(string, double?, bool)"/>; only runs that also group-commit).
    /// </summary>
    internal const string MoreRoomWhenKilledAgainPatch = "more-room-when-killed-again";

    /// <summary>
    /// Most bytes of outcomes in one hand-over, by <see cref="OutcomeSize.Estimate"/>: half the payload size at which
    /// the SDK warns, a quarter of a hundred 200-atom outcomes' worth, far below Temporal's 2 MB per payload.
    /// </summary>
    internal const long MaxRecordBytes = TemporalLimits.PayloadWarningBytes / 2;

    private readonly Input input;
    private readonly CampaignSchedule schedule;

    /// <summary>What the campaign learned from its repairs; null in runs that do not learn (started before it).</summary>
    private CorrectionLearning? learning;

    /// <summary>Whether this run's correction policies give a pw.x killed despite <c>max_seconds</c> more room (false in runs started before).</summary>
    private bool moreRoomWhenKilledAgain;

    /// <summary>Builds the schedule before any handler runs, so queries and updates never see a half-made workflow.</summary>
    [WorkflowInit]
    public CampaignWorkflow(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        this.input = input;
        schedule = new CampaignSchedule(
            input.State ?? CampaignState.Initial,
            Math.Max(1, input.Window),
            Math.Max(1, input.BatchSize),
            Math.Max(1, input.RecordBatchSize));
    }

    /// <summary>Progress: pending, in flight, retrying, completed, failed, attempts.</summary>
    [WorkflowQuery("Progress")]
    public WorkflowProgress Progress() => schedule.Progress(input.Campaign);

    /// <summary>Cancels the campaign: nothing new starts, running calculations are cancelled (their processes killed), finished outcomes are still recorded.</summary>
    [WorkflowUpdate("Cancel")]
    public Task<WorkflowProgress> CancelAsync(CancelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestCancel(request.Reason);
        return Task.FromResult(schedule.Progress(input.Campaign));
    }

    /// <summary>The same as the <c>Cancel</c> update, for senders that cannot wait for an answer.</summary>
    [WorkflowSignal("RequestCancel")]
    public Task RequestCancelAsync(CancelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequestCancel(request.Reason);
        return Task.CompletedTask;
    }

    /// <summary>Runs the campaign (this run's share of it).</summary>
    [WorkflowRun]
    public async Task<Result> RunAsync(Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = CampaignInputValidator.Validate(input);
        if (problems.Count > 0)
        {
            throw new ApplicationFailureException($"invalid campaign input: {string.Join("; ", problems)}", ErrorTypes.InvalidInput, nonRetryable: true);
        }

        if (!Workflow.Patched(GroupCommitPatch))
        {
            return await RunWithTimedBatchesAsync(input);
        }

        if (Workflow.Patched(LearnFromRepairsPatch))
        {
            learning = new CorrectionLearning((input.Retry ?? new CoreSpec.RetryOptions()).LearnAfter, input.State?.Learning ?? LearningState.Empty);
        }

        moreRoomWhenKilledAgain = Workflow.Patched(MoreRoomWhenKilledAgainPatch);

        // Waits and projector activities must outlive a cancellation (finished outcomes are still handed over), so
        // they take this source, never cancelled, instead of the workflow's token, which they would take by default.
        using var detached = new CancellationTokenSource();
        var start = schedule.Progress(input.Campaign);
        Workflow.Logger.RunStarts(input.Campaign, schedule.Run, (input.State ?? CampaignState.Initial).NextSequence, start.Completed, start.Failed);

        // Each coroutine waits on its own condition of the schedule and acts when it holds. Within one workflow task
        // they act in the order their conditions were registered, the same on every replay, and their commands reach
        // the server together: a change lets calculations start, then the next batch be asked for (the window has
        // room again) and finished outcomes be handed over, all in one round trip.
        var loader = LoadJobsAsync(detached.Token);
        var runner = RunJobsAsync(detached.Token);
        var recorder = RecordOutcomesAsync(runner, detached.Token);
        var coroutines = new List<Task> { loader, runner, recorder };
        while (coroutines.Count > 0)
        {
            var ended = await Workflow.WhenAnyAsync(coroutines);
            coroutines.Remove(ended);
            // A coroutine's failure (a campaign that cannot run here, an inconsistent projector) ends the run here.
            await ended;
        }

        if (schedule.Draining)
        {
            await ContinueAsNewAsync(input, detached.Token);
        }

        return await EndAsync(input, detached.Token);
    }

    /// <summary>Loads a batch whenever the window asks for one, until every job is loaded or nothing new may start.</summary>
    private async Task LoadJobsAsync(CancellationToken token)
    {
        while (true)
        {
            await Workflow.WaitConditionAsync(() => schedule.LoadingDone || schedule.NextBatchToLoad() != null, token);
            if (schedule.NextBatchToLoad() is not { } range)
            {
                return;
            }

            await LoadBatchAsync(range.FromSequence, range.MaxCount, token);
        }
    }

    /// <summary>
    /// Starts jobs as the window has room, each its own coroutine; stops starting them on cancellation or to drain for
    /// continue-as-new; ends once every job it started has ended and no job is left to start.
    /// </summary>
    private async Task RunJobsAsync(CancellationToken token)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        var jobs = new List<Task>();
        while (true)
        {
            if (Workflow.CancellationToken.IsCancellationRequested)
            {
                RequestCancel("the workflow was cancelled");
            }

            if (schedule.CancelRequested && !stop.IsCancellationRequested)
            {
                stop.Cancel();
            }

            if (schedule.ShouldContinueAsNew(Workflow.ContinueAsNewSuggested, Workflow.CurrentHistoryLength, Workflow.CurrentHistorySize, input.ContinueAsNewAfterEvents, input.ContinueAsNewAfterBytes))
            {
                Workflow.Logger.Draining(input.Campaign, schedule.Run, Workflow.CurrentHistoryLength, Workflow.CurrentHistorySize, Workflow.ContinueAsNewSuggested);
                schedule.BeginDrain();
            }

            while (schedule.TryStartNext(out var job))
            {
                jobs.Add(RunJobAsync(job, stop.Token));
            }

            foreach (var ended in jobs.Where(t => t.IsCompleted).ToList())
            {
                jobs.Remove(ended);
                await ended;
            }

            if (jobs.Count == 0 && (schedule.AllStarted || schedule.Stopping))
            {
                return;
            }

            var seen = schedule.Version;
            await Workflow.WaitConditionAsync(
                () => schedule.Version != seen || jobs.Exists(t => t.IsCompleted) || (Workflow.CancellationToken.IsCancellationRequested && !schedule.CancelRequested),
                token);
        }
    }

    /// <summary>
    /// Group commit: whenever no hand-over is in flight, everything finished so far goes to the projector at once (up
    /// to <see cref="MaxRecordBytes"/>); while one is in flight, outcomes gather for the next. A lone outcome is in
    /// results.db within one round trip, and batches grow by themselves under load. Ends when the jobs have ended
    /// and every outcome is handed over.
    /// </summary>
    private async Task RecordOutcomesAsync(Task runningJobs, CancellationToken token)
    {
        while (true)
        {
            await Workflow.WaitConditionAsync(() => schedule.UnrecordedCount > 0 || runningJobs.IsCompleted, token);
            if (schedule.TakeOutcomesToRecord(MaxRecordBytes) is not { } batch)
            {
                return;
            }

            await RecordAsync(batch, token);
        }
    }

    /// <summary>Continues as new from where this drained run stopped, once every handler has finished.</summary>
    private async Task ContinueAsNewAsync(Input input, CancellationToken token)
    {
        // Handlers (a cancel update) must finish before the run ends, or their callers get an error.
        await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished, token);
        var next = input with { State = schedule.ContinueAsNewState() with { Learning = learning?.State } };
        Workflow.Logger.ContinuesAsNew(input.Campaign, next.State!.NextSequence);
        throw Workflow.CreateContinueAsNewException((CampaignWorkflow wf) => wf.RunAsync(next));
    }

    /// <summary>How the campaign ended, once every handler has finished; a cancelled workflow ends as cancelled.</summary>
    private async Task<Result> EndAsync(Input input, CancellationToken token)
    {
        await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished, token);
        var progress = schedule.Progress(input.Campaign);
        Workflow.Logger.CampaignEnds(input.Campaign, progress.Completed, progress.Failed, progress.Pending, progress.Attempts);
        if (Workflow.CancellationToken.IsCancellationRequested)
        {
            // Ends the workflow as cancelled, the way Temporal reports a cancellation asked through the server.
            Workflow.CancellationToken.ThrowIfCancellationRequested();
        }

        return new Result(
            input.Campaign,
            progress.TotalJobs ?? 0,
            progress.Completed,
            progress.Failed,
            progress.Pending ?? 0,
            progress.Attempts,
            schedule.Run,
            schedule.CancelRequested,
            schedule.CancelReason,
            progress.RecentFailures);
    }

    private static TemporalRetryPolicy CalculationRetryPolicy(Input input)
    {
        var retry = input.Retry ?? new CoreSpec.RetryOptions();
        var initial = TimeSpan.FromSeconds(Math.Max(1, retry.InitialIntervalSeconds));
        return new TemporalRetryPolicy
        {
            InitialInterval = initial,
            BackoffCoefficient = (float)retry.BackoffCoefficient,
            MaximumInterval = TimeSpan.FromSeconds(Math.Max(initial.TotalSeconds, retry.MaximumIntervalSeconds)),
            // A calculation that keeps killing its worker (heartbeat timeouts) must not retry forever.
            MaximumAttempts = input.ActivityMaxAttempts,
            // Classified failures are the workflow's to decide, with corrections; the activity policy never repeats them.
            NonRetryableErrorTypes = [.. ErrorTypes.ClassifiedFailures, ErrorTypes.UnknownCalculator],
        };
    }

    /// <summary>
    /// Options of the projector's activities. The projector may be away for days (a laptop closed, a login node
    /// rebooted): its activities retry, with backoff capped at five minutes, until it is back. Runs started before
    /// that (no patch marker in their history) keep what they did: 20 tries, then a minute's wait in the workflow.
    /// </summary>
    private ActivityOptions ProjectorOptions(CancellationToken token)
    {
        var forever = Workflow.Patched(ProjectorRetriesForeverPatch);
        return new ActivityOptions
        {
            TaskQueue = input.ProjectorTaskQueue ?? TaskQueues.Projector(input.Campaign),
            StartToCloseTimeout = TimeSpan.FromMinutes(5),
            RetryPolicy = new TemporalRetryPolicy
            {
                InitialInterval = TimeSpan.FromSeconds(1),
                BackoffCoefficient = 2,
                MaximumInterval = forever ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(1),
                MaximumAttempts = forever ? 0 : 20,
                NonRetryableErrorTypes = [ErrorTypes.WrongProjector, ErrorTypes.InvalidJobBatch],
            },
            CancellationToken = token,
        };
    }

    private void RequestCancel(string reason)
    {
        if (!schedule.CancelRequested)
        {
            Workflow.Logger.CancelRequested(input.Campaign, reason);
        }

        schedule.RequestCancel(reason);
    }

    /// <summary>Lets the campaign learn from a job that ended, and says what it learned or forgot.</summary>
    private void Learn(JobAttempts attempts, bool completed)
    {
        if (learning == null)
        {
            return;
        }

        foreach (var change in learning.Observe(attempts.Finished(completed), attempts.NumericalKeys))
        {
            var progress = schedule.Progress(input.Campaign);
            var notStarted = Math.Max(0, (progress.Pending ?? 0) - progress.InFlight - progress.Retrying);
            switch (change)
            {
                case LearningChange.Learned learned:
                    var fromJobs = string.Join(", ", learned.Correction.FromJobs);
                    var settings = learned.Correction.SettingsText;
                    Workflow.Logger.Learned(fromJobs, learned.Correction.Kind, settings, notStarted);
                    break;
                case LearningChange.Forgotten forgotten:
                    var failedIn = string.Join(", ", forgotten.FailedIn);
                    var forgottenSettings = forgotten.Correction.SettingsText;
                    Workflow.Logger.Forgotten(forgotten.Correction.Kind, forgottenSettings, failedIn, notStarted);
                    break;
            }
        }
    }

    private async Task RunJobAsync(JobItem job, CancellationToken stop)
    {
        var retry = input.Retry ?? new CoreSpec.RetryOptions();
        var attempts = new JobAttempts(
            job, retry, (kind, timeout) => CorePolicy.BuiltInCorrectionPolicies.For(kind, timeout, moreRoomWhenKilledAgain), learning?.Active);
        while (true)
        {
            var decision = await RunAttemptAsync(attempts, stop);
            switch (decision)
            {
                case null:
                    return;
                case CorePolicy.RetryDecision.Retry next:
                    if (!await WaitForRetryAsync(attempts, next, retry, stop))
                    {
                        schedule.Abandon(job);
                        return;
                    }

                    break;
                case CorePolicy.RetryDecision.GiveUp giveUp:
                    Workflow.Logger.FailedForGood(job.JobId, giveUp.Reason);
                    schedule.Finish(attempts.GaveUp(giveUp.Reason));
                    Learn(attempts, completed: false);
                    return;
            }
        }
    }

    /// <summary>
    /// Runs the current attempt; null once the job is finished or abandoned (by cancellation), else the decision
    /// after the attempt's failure.
    /// </summary>
    private async Task<CorePolicy.RetryDecision?> RunAttemptAsync(JobAttempts attempts, CancellationToken stop)
    {
        var job = attempts.Job;
        var attempt = attempts.Attempt;
        var request = attempts.Input(input.Campaign, input.Calculator, input.CalculatorSettings);
        var scheduledAt = Workflow.UtcNow;
        try
        {
            var result = await Workflow.ExecuteActivityAsync(
                (CalculationActivities a) => a.RunCalculationAsync(request),
                new ActivityOptions
                {
                    TaskQueue = input.ComputeTaskQueue ?? Workflow.Info.TaskQueue,
                    ActivityId = $"{job.JobId}/attempt-{attempt}",
                    Summary = $"{job.JobId} attempt {attempt}",
                    StartToCloseTimeout = TimeSpan.FromSeconds(input.CalculationTimeoutSeconds),
                    HeartbeatTimeout = TimeSpan.FromSeconds(input.HeartbeatTimeoutSeconds),
                    RetryPolicy = CalculationRetryPolicy(input),
                    CancellationToken = stop,
                    // Wait until the worker confirms the calculator stopped (its process tree killed).
                    CancellationType = ActivityCancellationType.WaitCancellationCompleted,
                });
            schedule.Finish(attempts.Completed(result, scheduledAt, Workflow.UtcNow));
            Learn(attempts, completed: true);
            return null;
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is ActivityFailureException or CanceledFailureException or OperationCanceledException)
        {
            schedule.Abandon(job);
            return null;
        }
        catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException { ErrorType: ErrorTypes.UnknownCalculator } unknown)
        {
            throw new ApplicationFailureException($"campaign {input.Campaign} cannot run: {unknown.Message}", ErrorTypes.UnknownCalculator, nonRetryable: true);
        }
        catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException app && ErrorTypes.TryParseFailureKind(app.ErrorType, out var classified))
        {
            var details = app.Details.Count > 0 ? app.Details.ElementAt<CalculationFailureDetails>(0) : null;
            return attempts.Failed(classified, app.Message, details, scheduledAt, Workflow.UtcNow);
        }
        catch (ActivityFailureException e)
        {
            // The activity retry policy gave up: lost workers or timeouts, try after try.
            var cause = e.InnerException?.Message ?? e.Message;
            return attempts.Lost($"gave up after {input.ActivityMaxAttempts} tries of attempt {attempt} on the workers: {cause}", e.Identity, scheduledAt, Workflow.UtcNow);
        }
    }

    /// <summary>Waits out the backoff before the next attempt; false when cancelled meanwhile.</summary>
    private async Task<bool> WaitForRetryAsync(JobAttempts attempts, CorePolicy.RetryDecision.Retry next, CoreSpec.RetryOptions retry, CancellationToken stop)
    {
        var job = attempts.Job;
        Workflow.Logger.Retrying(next.NextAttempt, retry.MaxAttempts, job.JobId, attempts.LastFailure, next.Delay, next.Change == null ? "" : $", {next.Change}");
        attempts.Advance(next);
        schedule.RetryScheduled(job, next.NextAttempt);
        if (next.Delay > TimeSpan.Zero)
        {
            try
            {
                await Workflow.DelayAsync(next.Delay, stop);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        schedule.AttemptStarted(job, next.NextAttempt);
        return true;
    }

    private async Task LoadBatchAsync(int fromSequence, int maxCount, CancellationToken token)
    {
        try
        {
            var request = new LoadJobBatchInput(input.Campaign, fromSequence, maxCount);
            var batch = await Workflow.ExecuteActivityAsync((ProjectorActivities a) => a.LoadJobBatchAsync(request), ProjectorOptions(token));
            try
            {
                schedule.AcceptBatch(fromSequence, batch);
            }
            catch (ArgumentException e)
            {
                throw new ApplicationFailureException($"campaign {input.Campaign}: the projector's job source is inconsistent: {e.Message}", ErrorTypes.InvalidJobBatch, nonRetryable: true);
            }
        }
        catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException { NonRetryable: true } app)
        {
            throw new ApplicationFailureException($"campaign {input.Campaign}: {app.Message}", app.ErrorType, nonRetryable: true);
        }
        catch (ActivityFailureException e)
        {
            // Only runs started before the projector's activities retried for ever get here (after 20 tries).
            Workflow.Logger.LoadFailed(fromSequence, e.InnerException?.Message ?? e.Message);
            await Workflow.DelayAsync(TimeSpan.FromMinutes(1), token);
        }
    }

    private async Task RecordAsync(IReadOnlyList<JobOutcome> batch, CancellationToken token)
    {
        try
        {
            var request = new RecordResultsInput(input.Campaign, batch, learning?.State);
            await Workflow.ExecuteActivityAsync((ProjectorActivities a) => a.RecordResultsAsync(request), ProjectorOptions(token));
        }
        catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException { NonRetryable: true } app)
        {
            schedule.ReturnRecordBatch(batch);
            throw new ApplicationFailureException($"campaign {input.Campaign}: {app.Message}", app.ErrorType, nonRetryable: true);
        }
        catch (ActivityFailureException e)
        {
            // Only runs started before the projector's activities retried for ever get here: keep the outcomes and
            // try again later; nothing is lost, only delayed.
            schedule.ReturnRecordBatch(batch);
            Workflow.Logger.RecordFailed(batch.Count, e.InnerException?.Message ?? e.Message);
            await Workflow.DelayAsync(TimeSpan.FromMinutes(1), token);
        }
    }

    /// <summary>
    /// The workflow's input: a small JSON record, so that <c>temporal workflow start --input '{...}'</c> starts a
    /// campaign. Only <see cref="Campaign"/> and <see cref="Calculator"/> are required.
    /// </summary>
    /// <param name="Campaign">The campaign's name (the workflow id is <c>autopipe-&lt;campaign&gt;</c>).</param>
    /// <param name="Calculator">The calculator's name in the workers' allow-list (never a command line).</param>
    public sealed record Input(
        [property: JsonPropertyName("campaign")] string Campaign,
        [property: JsonPropertyName("calculator")] string Calculator)
    {
        /// <summary>Default of <see cref="Window"/>.</summary>
        public const int DefaultWindow = 100;

        /// <summary>
        /// Default of <see cref="HeartbeatTimeoutSeconds"/>: a SIGKILLed worker's calculations run elsewhere within about
        /// half a minute (this, plus the activity retry's first backoff). Workers beat on their own timer every third of it.
        /// </summary>
        public const double DefaultHeartbeatTimeoutSeconds = 20;

        /// <summary>Default of <see cref="BatchSize"/> and <see cref="RecordBatchSize"/>.</summary>
        public const int DefaultBatchSize = 25;

        /// <summary>Retry options, as the campaign spec's <c>retry</c> object; null for the defaults.</summary>
        [JsonPropertyName("retry")]
        public CoreSpec.RetryOptions? Retry { get; init; }

        /// <summary>Most jobs in flight or waiting for a retry at once (1-500; Temporal allows 2,000 pending activities).</summary>
        [JsonPropertyName("window")]
        public int Window { get; init; } = DefaultWindow;

        /// <summary>Jobs per <c>LoadJobBatch</c> (1-40): structures enter the history only in batches this small.</summary>
        [JsonPropertyName("batchSize")]
        public int BatchSize { get; init; } = DefaultBatchSize;

        /// <summary>Outcomes per <c>RecordResults</c> (1-40) in runs started before group commit; later runs hand over everything finished.</summary>
        [JsonPropertyName("recordBatchSize")]
        public int RecordBatchSize { get; init; } = DefaultBatchSize;

        /// <summary>Longest wait before a partial batch of outcomes goes to the projector, in seconds, in runs started before group commit.</summary>
        [JsonPropertyName("recordIntervalSeconds")]
        public double RecordIntervalSeconds { get; init; } = 30;

        /// <summary>The projector's task queue; null for <c>autopipe-projector-&lt;campaign&gt;</c>.</summary>
        [JsonPropertyName("projectorTaskQueue")]
        public string? ProjectorTaskQueue { get; init; }

        /// <summary>The calculations' task queue; null for the workflow's own.</summary>
        [JsonPropertyName("computeTaskQueue")]
        public string? ComputeTaskQueue { get; init; }

        /// <summary>Start-to-close timeout of one attempt, in seconds (above the calculator's own time limit).</summary>
        [JsonPropertyName("calculationTimeoutSeconds")]
        public double CalculationTimeoutSeconds { get; init; } = 90_000;

        /// <summary>Heartbeat timeout of one attempt, in seconds: how soon a lost worker is noticed.</summary>
        [JsonPropertyName("heartbeatTimeoutSeconds")]
        public double HeartbeatTimeoutSeconds { get; init; } = DefaultHeartbeatTimeoutSeconds;

        /// <summary>Tries of one attempt by the activity retry policy (lost workers, timeouts), at least 1.</summary>
        [JsonPropertyName("activityMaxAttempts")]
        public int ActivityMaxAttempts { get; init; } = 3;

        /// <summary>History events after which the run drains and continues as new.</summary>
        [JsonPropertyName("continueAsNewAfterEvents")]
        public int ContinueAsNewAfterEvents { get; init; } = 20_000;

        /// <summary>History bytes after which the run drains and continues as new (at most 20 MiB).</summary>
        [JsonPropertyName("continueAsNewAfterBytes")]
        public long ContinueAsNewAfterBytes { get; init; } = 20L * 1024 * 1024;

        /// <summary>
        /// The campaign's calculator object without <c>command</c> and <c>pseudoDir</c> (see
        /// <see cref="CampaignCalculatorSettings"/>): the physics every attempt runs with; each worker adds only what its
        /// allow-list grants. Null for the allow-list kind's defaults (workflows started before settings travelled).
        /// </summary>
        [JsonPropertyName("calculatorSettings")]
        public JsonObject? CalculatorSettings { get; init; }

        /// <summary>Set by continue-as-new only: where the previous run stopped.</summary>
        [JsonPropertyName("state")]
        public CampaignState? State { get; init; }
    }

    /// <summary>How a campaign ended.</summary>
    /// <param name="Campaign">The campaign's name.</param>
    /// <param name="TotalJobs">Jobs in the campaign.</param>
    /// <param name="Completed">Jobs completed.</param>
    /// <param name="Failed">Jobs failed for good.</param>
    /// <param name="Pending">Jobs not finished (after a cancellation).</param>
    /// <param name="Attempts">Attempts started.</param>
    /// <param name="Runs">Workflow runs, continue-as-new included.</param>
    /// <param name="Cancelled">True when cancelled.</param>
    /// <param name="CancelReason">Why, when cancelled.</param>
    /// <param name="RecentFailures">The last failures.</param>
    public sealed record Result(
        [property: JsonPropertyName("campaign")] string Campaign,
        [property: JsonPropertyName("totalJobs")] int TotalJobs,
        [property: JsonPropertyName("completed")] int Completed,
        [property: JsonPropertyName("failed")] int Failed,
        [property: JsonPropertyName("pending")] int Pending,
        [property: JsonPropertyName("attempts")] int Attempts,
        [property: JsonPropertyName("runs")] int Runs,
        [property: JsonPropertyName("cancelled")] bool Cancelled,
        [property: JsonPropertyName("cancelReason")] string? CancelReason,
        [property: JsonPropertyName("recentFailures")] IReadOnlyList<FailedJob> RecentFailures);
}
