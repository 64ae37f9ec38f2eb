using System.Text.Json.Nodes;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Calculators;

/// <summary>One attempt of one job.</summary>
/// <param name="JobId">The job's stable id.</param>
/// <param name="Attempt">1-based attempt number.</param>
/// <param name="Structure">The structure to compute.</param>
/// <param name="Parameters">Calculator parameters after the corrections applied so far (empty: the spec's own).</param>
/// <param name="AttemptDirectory">A fresh folder for this attempt's files (<c>jobs/&lt;job_id&gt;/attempt-&lt;k&gt;</c>).</param>
/// <param name="PreviousAttemptDirectory">The folder of the previous attempt, if any (to restart from its charge density).</param>
public sealed record CalculationRequest(
    string JobId,
    int Attempt,
    Structure Structure,
    IReadOnlyDictionary<string, JsonNode> Parameters,
    string AttemptDirectory,
    string? PreviousAttemptDirectory);
