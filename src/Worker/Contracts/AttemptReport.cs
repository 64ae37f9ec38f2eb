using System.Text.Json.Serialization;
using AutoPipe.Core.Storage;

namespace AutoPipe.Worker.Contracts;

/// <summary>One attempt of a job as the projection records it (state.db's attempts: the report's task stream).</summary>
/// <param name="Attempt">The attempt number.</param>
/// <param name="Worker">The worker process that ran it, when known (a lost worker's attempt may not say).</param>
/// <param name="Slot">The slot within that worker; 0 when unknown.</param>
/// <param name="StartedAt">When it started (the calculator's start, else when the workflow scheduled it).</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Outcome">How it ended (<c>interrupted</c>: its worker was lost), stored by name as on the embedded runtime.</param>
/// <param name="FailureKind">The classified failure, when it failed.</param>
/// <param name="Message">The failure message, when any.</param>
public sealed record AttemptReport(
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("worker")] string? Worker,
    [property: JsonPropertyName("slot")] int Slot,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("endedAt")] DateTimeOffset EndedAt,
    [property: JsonPropertyName("outcome")] AttemptEnd Outcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("failureKind")] string? FailureKind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("message")] string? Message);
