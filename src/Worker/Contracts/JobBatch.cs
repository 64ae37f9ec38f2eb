using System.Text.Json.Serialization;

namespace AutoPipe.Worker.Contracts;

/// <summary>
/// A small batch of consecutive jobs, and how many jobs the campaign has in all. An empty batch means the plan has
/// no job at or after the asked sequence.
/// </summary>
/// <param name="Jobs">Consecutive jobs, in sequence order, starting at the asked sequence.</param>
/// <param name="TotalJobs">Number of jobs in the campaign.</param>
public sealed record JobBatch(
    [property: JsonPropertyName("jobs")] IReadOnlyList<JobItem> Jobs,
    [property: JsonPropertyName("totalJobs")] int TotalJobs);
