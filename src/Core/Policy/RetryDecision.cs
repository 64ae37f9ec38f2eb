using System.Text.Json.Nodes;

namespace AutoPipe.Core.Policy;

/// <summary>What to do after a failed attempt: retry (when, with which parameters) or give up (why).</summary>
public abstract record RetryDecision
{
    private RetryDecision()
    {
    }

    /// <summary>Run attempt <paramref name="NextAttempt"/> after <paramref name="Delay"/> with <paramref name="Parameters"/>.</summary>
    /// <param name="NextAttempt">The number of the next attempt.</param>
    /// <param name="Delay">The backoff before it.</param>
    /// <param name="Parameters">Its parameters.</param>
    /// <param name="Change">What the correction changed, or null when it retries unchanged.</param>
    public sealed record Retry(int NextAttempt, TimeSpan Delay, IReadOnlyDictionary<string, JsonNode> Parameters, string? Change) : RetryDecision;

    /// <summary>The job ends failed.</summary>
    /// <param name="Reason">Why, for checkpoint.json and the log.</param>
    public sealed record GiveUp(string Reason) : RetryDecision;
}
