using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Worker.Calculators;

/// <summary>A calculator built for one campaign's settings on this worker, ready to run an attempt.</summary>
/// <param name="Calculator">The calculator.</param>
/// <param name="BaseParameters">The parameters of a first attempt (the campaign's own), which corrections start from.</param>
/// <param name="TimeoutSeconds">The time limit of one attempt, when the calculator has one.</param>
public sealed record ResolvedCalculator(ICalculator Calculator, IReadOnlyDictionary<string, JsonNode> BaseParameters, double? TimeoutSeconds = null);
