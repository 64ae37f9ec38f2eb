using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Worker.Calculators;

/// <summary>A calculator a worker is allowed to run, under the name workflows use for it.</summary>
/// <param name="Name">The name in the worker's allow-list.</param>
/// <param name="Kind">The plug-in kind (<c>mock</c>, <c>espresso</c>): selects the correction policy.</param>
/// <param name="Calculator">The calculator.</param>
/// <param name="BaseParameters">The parameters of a first attempt (the spec's own), which corrections start from.</param>
/// <param name="TimeoutSeconds">The time limit of one attempt, when the calculator has one.</param>
public sealed record RegisteredCalculator(
    string Name,
    string Kind,
    ICalculator Calculator,
    IReadOnlyDictionary<string, JsonNode> BaseParameters,
    double? TimeoutSeconds = null);
