using System.Text.Json.Serialization;

namespace AutoPipe.Worker.Contracts;

/// <summary>
/// A small batch of the jobs still to run, and how many jobs the campaign has in all. The source skips jobs the
/// working directory already holds as finished (completed or failed for good), so nothing finished runs again,
/// whatever ended or started the workflow.
/// </summary>
/// <param name="Jobs">Jobs in sequence order, from the asked sequence on, finished ones left out (each counts those it skipped).</param>
/// <param name="TotalJobs">Number of jobs in the campaign.</param>
/// <param name="NextSequence">
/// The sequence after the last one this batch looked at (past the end once every job was looked at); null in
/// batches recorded before skipping existed, which are consecutive from the asked sequence.
/// </param>
/// <param name="SkippedCompleted">Jobs after the batch's last job (up to <paramref name="NextSequence"/>) that were already completed.</param>
/// <param name="SkippedFailed">Jobs after the batch's last job that had already failed for good.</param>
public sealed record JobBatch(
    [property: JsonPropertyName("jobs")] IReadOnlyList<JobItem> Jobs,
    [property: JsonPropertyName("totalJobs")] int TotalJobs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("nextSequence")] int? NextSequence = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault), JsonPropertyName("skippedCompleted")] int SkippedCompleted = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault), JsonPropertyName("skippedFailed")] int SkippedFailed = 0);
