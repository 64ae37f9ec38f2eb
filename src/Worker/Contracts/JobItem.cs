using System.Text.Json.Serialization;

namespace AutoPipe.Worker.Contracts;

/// <summary>One job as the projector hands it to the workflow: its place in the plan, its id and its structure.</summary>
/// <param name="Sequence">1-based position in the campaign's plan.</param>
/// <param name="JobId">The job's stable id.</param>
/// <param name="Structure">What to compute.</param>
/// <param name="SkippedCompleted">Jobs just before this one (after the batch's previous job) that were already completed.</param>
/// <param name="SkippedFailed">Jobs just before this one that had already failed for good.</param>
public sealed record JobItem(
    [property: JsonPropertyName("sequence")] int Sequence,
    [property: JsonPropertyName("jobId")] string JobId,
    [property: JsonPropertyName("structure")] JobStructure Structure,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault), JsonPropertyName("skippedCompleted")] int SkippedCompleted = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault), JsonPropertyName("skippedFailed")] int SkippedFailed = 0);
