using System.Text.Json.Nodes;

namespace AutoPipe.Core.Policy;

/// <summary>The parameters of the next attempt and, for the log and the ASE row, what changed.</summary>
/// <param name="Parameters">The full parameter set of the next attempt.</param>
/// <param name="Description">What changed, e.g. "mixing_beta 0.7 -> 0.35, electron_maxstep 100 -> 200".</param>
public sealed record Correction(IReadOnlyDictionary<string, JsonNode> Parameters, string Description);
