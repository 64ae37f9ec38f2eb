namespace AutoPipe.Core.Storage;

/// <summary>One attempt as it ended, kept for reports (task stream, failure kinds).</summary>
/// <param name="Sequence">The job's 1-based position.</param>
/// <param name="Attempt">The attempt number.</param>
/// <param name="Slot">The worker slot that ran it.</param>
/// <param name="Started">Start time.</param>
/// <param name="Ended">End time.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="FailureKind">The classified failure, if it failed.</param>
/// <param name="Message">The failure message, if any.</param>
/// <param name="Worker">
/// The worker process that ran it (its Temporal identity, <c>pid@host</c>); null on the embedded runtime, whose slots
/// are all this process's. A slot is a lane within its worker.
/// </param>
public sealed record AttemptRecord(
    int Sequence,
    int Attempt,
    int Slot,
    DateTimeOffset Started,
    DateTimeOffset Ended,
    AttemptEnd Outcome,
    string? FailureKind,
    string? Message,
    string? Worker = null);
