using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Core.Policy;

/// <summary>The policy of calculators that have no parameters to repair (the mock).</summary>
public sealed class NoCorrections : ICorrectionPolicy
{
    /// <summary>The shared instance.</summary>
    public static readonly NoCorrections Instance = new();

    /// <inheritdoc/>
    public Correction? Correct(FailureKind kind, int failedAttempt, IReadOnlyDictionary<string, JsonNode> parameters) => null;
}
