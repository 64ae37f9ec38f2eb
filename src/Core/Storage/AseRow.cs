using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Storage;

/// <summary>One row of the ASE database: a structure with its calculated properties and keys.</summary>
/// <param name="UniqueId">ASE's unique_id; derived from campaign and job so that a second delivery is recognised.</param>
/// <param name="Structure">The input structure (stored exactly as given).</param>
/// <param name="Result">The calculated properties.</param>
/// <param name="KeyValuePairs">ASE key_value_pairs: valid, unreserved keys with text, number or boolean values.</param>
/// <param name="Data">ASE's free-form data dictionary (info keys that cannot be keys, renamed keys, arrays).</param>
public sealed record AseRow(
    string UniqueId,
    Structure Structure,
    CalculationResult Result,
    IReadOnlyList<KeyValuePair<string, JsonNode>> KeyValuePairs,
    JsonObject Data);
