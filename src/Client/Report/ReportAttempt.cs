using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Report;

/// <summary>One attempt of a job as the report draws it.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Attempt">The attempt number (1-based).</param>
/// <param name="Slot">The worker slot that ran it.</param>
/// <param name="Started">Start, in seconds since the campaign's first attempt started.</param>
/// <param name="Ended">End, in seconds since the campaign's first attempt started.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="FailureKind">The classified failure, if it failed.</param>
/// <param name="Message">The failure message, if any.</param>
/// <param name="RunStarted">
/// When its command began to run, in the same seconds, if later than <paramref name="Started"/>: a Slurm job's start
/// (<c>job.started</c>); the time before it was queue wait.
/// </param>
internal sealed record ReportAttempt(
    string JobId,
    int Attempt,
    int Slot,
    double Started,
    double Ended,
    AttemptVerdict Outcome,
    string? FailureKind,
    string? Message,
    double? RunStarted = null);
