using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Core.Policy;

/// <summary>
/// A calculator's repairs as data: maps a classified failure and the parameters that failed to the parameters of
/// the next attempt. Pure (no I/O, no clock), so the embedded runtime and the Temporal workflow make the same
/// decisions. Returns null when it has nothing left to try for that failure.
/// </summary>
public interface ICorrectionPolicy
{
    /// <summary>The correction after attempt <paramref name="failedAttempt"/> failed with <paramref name="kind"/>.</summary>
    Correction? Correct(FailureKind kind, int failedAttempt, IReadOnlyDictionary<string, JsonNode> parameters);

    /// <summary>
    /// The correction after attempt <paramref name="failedAttempt"/> failed with <paramref name="kind"/>, saying
    /// <paramref name="message"/>: what the retry policy asks. A policy whose calculator says more in its messages
    /// than the kind can (pw.x stopped itself or was killed) reads it; by default the message is not looked at.
    /// </summary>
    Correction? Correct(FailureKind kind, int failedAttempt, IReadOnlyDictionary<string, JsonNode> parameters, string message) =>
        Correct(kind, failedAttempt, parameters);

    /// <summary>
    /// The parameter keys whose corrections change how the answer is reached, never the answer (mixing, electron
    /// steps, the eigensolver, bands): the only ones a campaign may learn and start later calculations with. None
    /// unless the policy says so.
    /// </summary>
    IReadOnlySet<string> NumericalKeys => NoNumericalKeys.Instance;
}
