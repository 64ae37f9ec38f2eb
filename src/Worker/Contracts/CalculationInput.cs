using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AutoPipe.Worker.Contracts;

/// <summary>
/// The input of one <c>RunCalculation</c> activity: one attempt of one job. The calculator is named and its physics
/// sent; the worker looks the name up in its own allow-list, which alone decides the command line and the
/// pseudopotential folder, so whoever starts a workflow cannot choose a program.
/// </summary>
/// <param name="Campaign">The campaign's name.</param>
/// <param name="Calculator">The calculator's name in the worker's allow-list.</param>
/// <param name="Sequence">The job's 1-based position in the plan.</param>
/// <param name="JobId">The job's stable id.</param>
/// <param name="Attempt">1-based attempt number.</param>
/// <param name="Parameters">The parameters of this attempt after corrections; empty on the first (the calculator's own).</param>
/// <param name="Structure">What to compute.</param>
/// <param name="Settings">
/// The campaign's calculator object without <c>command</c> and <c>pseudoDir</c> (the physics: parameters, k-points,
/// pseudopotential file names, time limit; the mock's seconds); null for the allow-list kind's defaults.
/// </param>
/// <param name="Learned">
/// Numerical settings the campaign learned from its repairs, set on top of the campaign's parameters while
/// <paramref name="Parameters"/> is empty (a first attempt); null when nothing was learned.
/// </param>
public sealed record CalculationInput(
    [property: JsonPropertyName("campaign")] string Campaign,
    [property: JsonPropertyName("calculator")] string Calculator,
    [property: JsonPropertyName("sequence")] int Sequence,
    [property: JsonPropertyName("jobId")] string JobId,
    [property: JsonPropertyName("attempt")] int Attempt,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, JsonNode> Parameters,
    [property: JsonPropertyName("structure")] JobStructure Structure,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("settings")] JsonObject? Settings = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("learned")] IReadOnlyDictionary<string, JsonNode>? Learned = null);
