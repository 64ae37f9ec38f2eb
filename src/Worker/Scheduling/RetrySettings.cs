using System.Text.Json.Serialization;
using AutoPipe.Core.Spec;

namespace AutoPipe.Worker.Scheduling;

/// <summary>
/// A campaign's retry options as the workflow input spells them: the same fields, names and defaults as the
/// campaign spec's <c>retry</c> object (<see cref="RetryOptions"/>).
/// </summary>
/// <param name="MaxAttempts">Attempts in all, the first included.</param>
/// <param name="InitialIntervalSeconds">Wait before the second attempt.</param>
/// <param name="BackoffCoefficient">Growth of the wait per attempt.</param>
/// <param name="MaximumIntervalSeconds">Cap on the wait.</param>
public sealed record RetrySettings(
    [property: JsonPropertyName("maxAttempts")] int MaxAttempts = RetryOptions.DefaultMaxAttempts,
    [property: JsonPropertyName("initialIntervalSeconds")] double InitialIntervalSeconds = RetryOptions.DefaultInitialIntervalSeconds,
    [property: JsonPropertyName("backoffCoefficient")] double BackoffCoefficient = RetryOptions.DefaultBackoffCoefficient,
    [property: JsonPropertyName("maximumIntervalSeconds")] double MaximumIntervalSeconds = RetryOptions.DefaultMaximumIntervalSeconds)
{
    /// <summary>The same options as Core's record, for <see cref="Core.Policy.RetryPolicy.Decide"/>.</summary>
    public RetryOptions ToRetryOptions() => new(MaxAttempts, InitialIntervalSeconds, BackoffCoefficient, MaximumIntervalSeconds);
}
