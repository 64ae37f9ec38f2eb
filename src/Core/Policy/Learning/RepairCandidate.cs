using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Core.Policy.Learning;

/// <summary>A repair seen in fewer calculations than it takes to learn it.</summary>
/// <param name="Kind">The failure it repaired.</param>
/// <param name="Settings">The numerical settings the repaired calculations ended with.</param>
/// <param name="Jobs">The calculations it repaired, in the order they finished.</param>
public sealed record RepairCandidate(
    [property: JsonPropertyName("kind")] FailureKind Kind,
    [property: JsonPropertyName("settings")] IReadOnlyDictionary<string, JsonNode> Settings,
    [property: JsonPropertyName("jobs")] IReadOnlyList<string> Jobs);
