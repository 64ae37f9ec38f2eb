using System.Text.Json.Serialization;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Worker.Contracts;

/// <summary>
/// How one job ended, as handed to the projection. Delivered at least once: a projection keeps one row per
/// <see cref="JobId"/> however often the same outcome arrives.
/// </summary>
/// <param name="Sequence">1-based position in the campaign's plan.</param>
/// <param name="JobId">The job's stable id (the ASE row's key).</param>
/// <param name="Status">Completed or failed.</param>
/// <param name="Attempts">Attempts made, the last included.</param>
/// <param name="Result">The result of the successful attempt, when completed.</param>
/// <param name="FailureKind">The classified failure of the last attempt, when it failed for a classified reason.</param>
/// <param name="Error">Why the job failed, when failed.</param>
/// <param name="Corrections">The parameter corrections applied on the way, in order (for the log and the ASE row).</param>
/// <param name="Failures">The failure of each failed attempt (<c>Kind: message</c>), in order, as the embedded runtime records them.</param>
/// <param name="AttemptLog">Every attempt with where and when it ran, for the report's task stream.</param>
/// <param name="Learned">The learned corrections its first attempt started with, as the log says them.</param>
public sealed record JobOutcome(
    [property: JsonPropertyName("sequence")] int Sequence,
    [property: JsonPropertyName("jobId")] string JobId,
    [property: JsonPropertyName("status")] JobStatus Status,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("result")] CalculationResult? Result,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("failureKind")] FailureKind? FailureKind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("corrections")] IReadOnlyList<string> Corrections,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("failures")] IReadOnlyList<string>? Failures = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("attemptLog")] IReadOnlyList<AttemptReport>? AttemptLog = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("learned")] IReadOnlyList<string>? Learned = null);
