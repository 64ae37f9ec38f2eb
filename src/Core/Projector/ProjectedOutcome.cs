using AutoPipe.Core.Calculators;
using AutoPipe.Core.Storage;

namespace AutoPipe.Core.Projector;

/// <summary>How a job ended on a runtime that decides retries elsewhere (Temporal), as the projection records it.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Attempts">Attempts made, the last included.</param>
/// <param name="Result">The result, when the job completed; null when it failed.</param>
/// <param name="FailureReason">Why it failed for good, when it did.</param>
/// <param name="Corrections">Parameter corrections applied on the way, in order.</param>
/// <param name="Failures">The failure of each failed attempt ("Kind: message"), in order.</param>
/// <param name="AttemptLog">Every attempt with where and when it ran (their <see cref="AttemptRecord.Sequence"/> is the job's).</param>
/// <param name="Learned">The learned corrections it started with, as the log says them.</param>
public sealed record ProjectedOutcome(
    string JobId,
    int Attempts,
    CalculationResult? Result,
    string? FailureReason,
    IReadOnlyList<string> Corrections,
    IReadOnlyList<string> Failures,
    IReadOnlyList<AttemptRecord> AttemptLog,
    IReadOnlyList<string>? Learned = null);
