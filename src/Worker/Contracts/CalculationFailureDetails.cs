using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Worker.Contracts;

/// <summary>
/// The details of a classified failure, carried by the activity's application failure so that the workflow can
/// ask the calculator's correction policy for the next parameters.
/// </summary>
/// <param name="Kind">The classified failure (also the failure's error type).</param>
/// <param name="CalculatorKind">The calculator's plug-in kind (<c>mock</c>, <c>espresso</c>): selects the correction policy.</param>
/// <param name="Parameters">The full parameter set the failed attempt ran with.</param>
/// <param name="TimeoutSeconds">The calculator's time limit per attempt, which timeout corrections work from (espresso).</param>
/// <param name="Execution">Where and when the failed attempt ran (absent in histories recorded before it existed).</param>
public sealed record CalculationFailureDetails(
    [property: JsonPropertyName("kind")] FailureKind Kind,
    [property: JsonPropertyName("calculatorKind")] string CalculatorKind,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, JsonNode> Parameters,
    [property: JsonPropertyName("timeoutSeconds")] double? TimeoutSeconds = null,
    [property: JsonPropertyName("execution")] AttemptExecution? Execution = null);
