using System.Globalization;
using System.Text.Json.Serialization;

namespace AutoPipe.Core.Spec;

/// <summary>
/// How often a calculation is tried and how long to wait between tries (exponential backoff, as Temporal's
/// retry policies do it): the wait before attempt k+1 is
/// <c>min(InitialIntervalSeconds * BackoffCoefficient^(k-1), MaximumIntervalSeconds)</c>.
/// </summary>
/// <param name="MaxAttempts">Attempts in all, the first included. Default 3.</param>
/// <param name="InitialIntervalSeconds">Wait before the second attempt. Default 1 s.</param>
/// <param name="BackoffCoefficient">Growth of the wait per attempt, at least 1. Default 2.</param>
/// <param name="MaximumIntervalSeconds">Cap on the wait. Default 60 s.</param>
/// <param name="LearnAfter">
/// Calculations the same numerical correction must repair before calculations not yet started start with it, and
/// failures in a row after which it is forgotten; 0 turns learning off. Default 2.
/// </param>
/// <remarks>
/// The JSON names are the spec's <c>retry</c> object's, so the same record travels in the Temporal workflow's input
/// (<c>"retry": {"maxAttempts": 3, ...}</c>); absent fields take the defaults.
/// </remarks>
public sealed record RetryOptions(
    [property: JsonPropertyName("maxAttempts")] int MaxAttempts = RetryOptions.DefaultMaxAttempts,
    [property: JsonPropertyName("initialIntervalSeconds")] double InitialIntervalSeconds = RetryOptions.DefaultInitialIntervalSeconds,
    [property: JsonPropertyName("backoffCoefficient")] double BackoffCoefficient = RetryOptions.DefaultBackoffCoefficient,
    [property: JsonPropertyName("maximumIntervalSeconds")] double MaximumIntervalSeconds = RetryOptions.DefaultMaximumIntervalSeconds,
    [property: JsonPropertyName("learnAfter")] int LearnAfter = RetryOptions.DefaultLearnAfter)
{
    /// <summary>Default of <see cref="MaxAttempts"/>.</summary>
    public const int DefaultMaxAttempts = 3;

    /// <summary>Default of <see cref="InitialIntervalSeconds"/>.</summary>
    public const double DefaultInitialIntervalSeconds = 1;

    /// <summary>Default of <see cref="BackoffCoefficient"/>.</summary>
    public const double DefaultBackoffCoefficient = 2;

    /// <summary>Default of <see cref="MaximumIntervalSeconds"/>.</summary>
    public const double DefaultMaximumIntervalSeconds = 60;

    /// <summary>Default of <see cref="LearnAfter"/>.</summary>
    public const int DefaultLearnAfter = 2;

    /// <summary>Most <see cref="MaxAttempts"/> (and <see cref="LearnAfter"/>) a campaign may ask for.</summary>
    public const int Limit = 1000;

    /// <summary>
    /// Every problem of these options, each naming its field (<c>retry.maxAttempts: ...</c>): the one statement of the
    /// retry limits, which the spec reader and the Temporal workflow's input check both apply.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxAttempts is < 1 or > Limit)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"retry.maxAttempts: must be between 1 and {Limit}, got {MaxAttempts}"));
        }

        if (!(InitialIntervalSeconds >= 0))
        {
            problems.Add("retry.initialIntervalSeconds: must be at least 0");
        }

        if (!(BackoffCoefficient >= 1))
        {
            problems.Add("retry.backoffCoefficient: must be at least 1");
        }

        if (!(MaximumIntervalSeconds >= InitialIntervalSeconds))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"retry.maximumIntervalSeconds: must not be below initialIntervalSeconds ({InitialIntervalSeconds})"));
        }

        if (LearnAfter is < 0 or > Limit)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"retry.learnAfter: must be between 0 and {Limit}, got {LearnAfter}"));
        }

        return problems;
    }

    /// <summary>The wait after failed attempt <paramref name="failedAttempt"/> (1-based) before the next one.</summary>
    public TimeSpan DelayAfter(int failedAttempt)
    {
        var seconds = InitialIntervalSeconds * Math.Pow(BackoffCoefficient, Math.Max(0, failedAttempt - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaximumIntervalSeconds));
    }
}
