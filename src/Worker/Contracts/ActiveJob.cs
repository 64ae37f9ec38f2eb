using System.Text.Json.Serialization;

namespace AutoPipe.Worker.Contracts;

/// <summary>A job that has started and not finished: running, or waiting for its next attempt.</summary>
/// <param name="JobId">The job's stable id.</param>
/// <param name="Attempt">The attempt running or about to run.</param>
/// <param name="WaitingForRetry">True while the workflow waits out the backoff before <paramref name="Attempt"/>.</param>
public sealed record ActiveJob(
    [property: JsonPropertyName("jobId")] string JobId,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("waitingForRetry")] bool WaitingForRetry);
