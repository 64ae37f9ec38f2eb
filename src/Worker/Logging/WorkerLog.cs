using AutoPipe.Core.Calculators;
using Microsoft.Extensions.Logging;

namespace AutoPipe.Worker.Logging;

/// <summary>
/// Every message the workflow (through the replay-aware <c>Workflow.Logger</c>) and the activities log, as
/// source-generated delegates: no argument is evaluated, nothing is boxed, when the level is off.
/// </summary>
internal static partial class WorkerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign} run {Run} starts at job {NextSequence} ({Completed} completed, {Failed} failed so far)")]
    public static partial void RunStarts(this ILogger logger, string campaign, int run, int nextSequence, int completed, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign} run {Run} drains before continuing as new ({Events} events, {Bytes} bytes, suggested {Suggested})")]
    public static partial void Draining(this ILogger logger, string campaign, int run, int events, long bytes, bool suggested);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign} continues as new at job {NextSequence}")]
    public static partial void ContinuesAsNew(this ILogger logger, string campaign, int nextSequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {Campaign} ends: {Completed} completed, {Failed} failed, {Pending} pending, {Attempts} attempts")]
    public static partial void CampaignEnds(this ILogger logger, string campaign, int completed, int failed, int? pending, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {Campaign} cancellation requested: {Reason}")]
    public static partial void CancelRequested(this ILogger logger, string campaign, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Calculation {JobId} failed for good: {Reason}")]
    public static partial void FailedForGood(this ILogger logger, string jobId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying calculation (attempt {Attempt} of {MaxAttempts})... {JobId} failed with {FailureKind}; next in {Delay}{Change}")]
    public static partial void Retrying(this ILogger logger, int attempt, int maxAttempts, string jobId, FailureKind? failureKind, TimeSpan delay, string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Learned from {FromJobs}: {FailureKind} is repaired by {Settings}; {NotStarted} calculations not yet started will start with it")]
    public static partial void Learned(this ILogger logger, string fromJobs, FailureKind failureKind, string settings, int notStarted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Forgot that {FailureKind} is repaired by {Settings}: it failed in {FailedIn} in a row; {NotStarted} calculations not yet started start without it")]
    public static partial void Forgotten(this ILogger logger, FailureKind failureKind, string settings, string failedIn, int notStarted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loading jobs from {FromSequence} failed ({Error}); trying again in a minute")]
    public static partial void LoadFailed(this ILogger logger, int fromSequence, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording {Count} outcomes failed ({Error}); trying again in a minute")]
    public static partial void RecordFailed(this ILogger logger, int count, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} jobs from {FromSequence} of {Total}")]
    public static partial void Loaded(this ILogger logger, int count, int fromSequence, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recorded {Count} outcomes")]
    public static partial void Recorded(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calculation {JobId} attempt {Attempt} refused: {Message}")]
    public static partial void Refused(this ILogger logger, string jobId, int attempt, string message);

    /// <summary>An attempt starts: at debug level for a first try (a campaign of 20,000 jobs logs their ends, not twice as many lines), else information.</summary>
    [LoggerMessage(Message = "Calculation {JobId} attempt {Attempt} starts with {Calculator} in slot {Slot} (try {Try} on this attempt)")]
    public static partial void AttemptStarts(this ILogger logger, LogLevel level, string jobId, int attempt, string calculator, int slot, int @try);

    [LoggerMessage(Level = LogLevel.Information, Message = "Calculation {JobId} attempt {Attempt} completed: E = {Energy} eV")]
    public static partial void AttemptCompleted(this ILogger logger, string jobId, int attempt, double energy);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calculation {JobId} attempt {Attempt} cancelled")]
    public static partial void AttemptCancelled(this ILogger logger, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calculation {JobId} attempt {Attempt} stopped: the worker is shutting down")]
    public static partial void AttemptStoppedByShutdown(this ILogger logger, string jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calculation {JobId} attempt {Attempt} failed with {FailureKind}: {Message}")]
    public static partial void AttemptFailed(this ILogger logger, string jobId, int attempt, FailureKind failureKind, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Calculation {JobId} attempt {Attempt} crashed: {Error}")]
    public static partial void AttemptCrashed(this ILogger logger, string jobId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete scratch folder {Directory}: {Error}")]
    public static partial void ScratchNotDeleted(this ILogger logger, string directory, string error);
}
