using System.Collections.Immutable;
using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Policy.Learning;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;
using AutoPipe.Worker.Contracts;

namespace AutoPipe.Worker.Scheduling;

/// <summary>
/// The attempts of one job as the campaign workflow runs them, as plain code: the input of the next attempt, the
/// record of each ended attempt (where and when it ran, how it ended), the shared retry policy's decision after a
/// classified failure, and the job's outcome with the same failures and corrections the embedded runtime records.
/// No Temporal call and no clock (times come in), so it is deterministic on replay and unit-tested directly.
/// </summary>
public sealed class JobAttempts
{
    private static readonly IReadOnlyDictionary<string, JsonNode> NoParameters = ImmutableDictionary<string, JsonNode>.Empty;

    private readonly RetryOptions retry;
    private readonly Func<string, double?, ICorrectionPolicy> policies;
    private readonly List<string> corrections = [];
    private readonly List<string> failures = [];
    private readonly List<FailureKind> failureKinds = [];
    private readonly List<AttemptReport> log = [];
    private IReadOnlyDictionary<string, JsonNode>? firstParameters;
    private IReadOnlySet<string> numericalKeys = ImmutableHashSet<string>.Empty;

    /// <summary>Starts the bookkeeping of <paramref name="job"/> at its first attempt.</summary>
    /// <param name="job">The job.</param>
    /// <param name="retry">The campaign's retry options.</param>
    /// <param name="policies">
    /// The correction policy of a failed calculator's kind and time limit: <see cref="BuiltInCorrectionPolicies.For(string, double?, bool)"/> in
    /// the workflow (pure, the same on every worker); a test may give its own.
    /// </param>
    /// <param name="startWith">The corrections the campaign has learned, which its first attempt starts with.</param>
    public JobAttempts(JobItem job, RetryOptions retry, Func<string, double?, ICorrectionPolicy> policies, IReadOnlyList<LearnedCorrection>? startWith = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(policies);
        Job = job;
        this.retry = retry;
        this.policies = policies;
        StartedWith = startWith ?? [];
    }

    /// <summary>The learned corrections its first attempt starts with.</summary>
    public IReadOnlyList<LearnedCorrection> StartedWith { get; }

    /// <summary>The job.</summary>
    public JobItem Job { get; }

    /// <summary>The attempt running or about to run (1-based).</summary>
    public int Attempt { get; private set; } = 1;

    /// <summary>The corrected parameters of the current attempt; empty until a correction (the calculator's own).</summary>
    public IReadOnlyDictionary<string, JsonNode> Parameters { get; private set; } = NoParameters;

    /// <summary>The classified failure of the latest ended attempt; null when it succeeded or its worker was lost.</summary>
    public FailureKind? LastFailure { get; private set; }

    /// <summary>The activity input of the current attempt.</summary>
    public CalculationInput Input(string campaign, string calculator, JsonObject? settings) =>
        new(campaign, calculator, Job.Sequence, Job.JobId, Attempt, Parameters, Job.Structure, settings, LearnedSettings());

    /// <summary>What this job tells the campaign's learning, once it has ended.</summary>
    /// <param name="completed">True when its last attempt succeeded.</param>
    public FinishedJob Finished(bool completed) =>
        new(Job.JobId, completed, [.. failureKinds], firstParameters ?? NoParameters, Parameters, StartedWith);

    /// <summary>The numerical keys of the policy that decided its latest failure (none before one).</summary>
    public IReadOnlySet<string> NumericalKeys => numericalKeys;

    /// <summary>The current attempt succeeded: the job's outcome.</summary>
    /// <param name="result">What it computed (with where and when it ran, when the worker said).</param>
    /// <param name="scheduledAt">When the workflow scheduled the attempt (its start when the worker did not say).</param>
    /// <param name="now">The workflow's time now.</param>
    public JobOutcome Completed(CalculationResult result, DateTimeOffset scheduledAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(result);
        LastFailure = null;
        Record(result.Execution, scheduledAt, now, AttemptEnd.Completed, null, null);
        // Where and when it ran is in the attempt log now: the history carries it once.
        return Outcome(JobStatus.Completed, result with { Execution = null }, null, null);
    }

    /// <summary>
    /// The current attempt failed for a classified reason: records it and returns the shared policy's decision
    /// (<see cref="RetryPolicy.Decide"/> with the calculator kind's correction policy).
    /// </summary>
    public RetryDecision Failed(FailureKind kind, string message, CalculationFailureDetails? details, DateTimeOffset scheduledAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        LastFailure = kind;
        failures.Add(AttemptTexts.Failure(kind, message));
        failureKinds.Add(kind);
        Record(details?.Execution, scheduledAt, now, AttemptEnd.Failed, kind.ToString(), message);
        if (Attempt == 1 && details != null)
        {
            // What the first attempt really ran with (the campaign's parameters and learned settings, on the worker).
            firstParameters = details.Parameters;
        }

        ICorrectionPolicy policy = details == null ? NoCorrections.Instance : policies(details.CalculatorKind, details.TimeoutSeconds);
        numericalKeys = policy.NumericalKeys;
        return RetryPolicy.Decide(kind, message, Attempt, retry, policy, details?.Parameters ?? Parameters);
    }

    /// <summary>
    /// The workers were lost again and again on the current attempt (the activity retry policy gave up): records it
    /// as interrupted and gives up, so that a calculation that keeps killing its worker does not retry forever.
    /// </summary>
    public RetryDecision.GiveUp Lost(string reason, string? worker, DateTimeOffset scheduledAt, DateTimeOffset now)
    {
        LastFailure = null;
        log.Add(new AttemptReport(Attempt, worker, 0, scheduledAt, now, AttemptEnd.Interrupted, null, reason));
        return new RetryDecision.GiveUp(reason);
    }

    /// <summary>Moves to the attempt <paramref name="next"/> decided, with its corrected parameters.</summary>
    public void Advance(RetryDecision.Retry next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (next.Change != null)
        {
            corrections.Add(AttemptTexts.Correction(next.NextAttempt, next.Change));
        }

        Attempt = next.NextAttempt;
        Parameters = next.Parameters;
    }

    /// <summary>The outcome of a job the policy gave up on, after <see cref="LastFailure"/>.</summary>
    public JobOutcome GaveUp(string reason) => Outcome(JobStatus.Failed, null, LastFailure, reason);

    private void Record(AttemptExecution? execution, DateTimeOffset scheduledAt, DateTimeOffset now, AttemptEnd outcome, string? kind, string? message) =>
        log.Add(new AttemptReport(Attempt, execution?.Worker, execution?.Slot ?? 0, execution?.StartedAt ?? scheduledAt, execution?.EndedAt ?? now, outcome, kind, message));

    private JobOutcome Outcome(JobStatus status, CalculationResult? result, FailureKind? kind, string? error) =>
        new(Job.Sequence, Job.JobId, status, Attempt, result, kind, error, corrections.ToList(), failures.ToList(), log.ToList(),
            StartedWith.Count == 0 ? null : StartedWith.Select(l => l.ToString()).ToList());

    /// <summary>
    /// The learned settings while the worker still starts from the campaign's parameters (no corrected set yet);
    /// after a failure the corrected set already holds them.
    /// </summary>
    private Dictionary<string, JsonNode>? LearnedSettings() =>
        StartedWith.Count == 0 || Parameters.Count > 0
            ? null
            : CorrectionLearning.StartParameters(NoParameters, StartedWith);
}
