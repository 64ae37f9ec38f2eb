using System.Text.Json.Serialization;
using AutoPipe.Core.Policy.Learning;
using AutoPipe.Core.Runtime;

namespace AutoPipe.Worker.Scheduling;

/// <summary>
/// What a campaign carries from one workflow run to the next through continue-as-new: a cursor and counters,
/// O(1) in the campaign's size. A run continues as new only when drained (nothing in flight, nothing waiting for
/// a retry, every outcome handed to the projection), so no job or structure is carried.
/// </summary>
/// <param name="NextSequence">The first job (1-based sequence) not yet started.</param>
/// <param name="TotalJobs">Jobs in the campaign, once known.</param>
/// <param name="Completed">Jobs completed so far.</param>
/// <param name="Failed">Jobs failed for good so far.</param>
/// <param name="Attempts">Attempts started so far.</param>
/// <param name="Run">The number of the run this state starts (1 for the first).</param>
/// <param name="RecentFailures">The last few failures, for progress (at most 50).</param>
/// <param name="Learning">What the campaign has learned from its repairs; null in runs that do not learn.</param>
public sealed record CampaignState(
    [property: JsonPropertyName("nextSequence")] int NextSequence,
    [property: JsonPropertyName("totalJobs")] int? TotalJobs,
    [property: JsonPropertyName("completed")] int Completed,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("run")] int Run,
    [property: JsonPropertyName("recentFailures")] IReadOnlyList<FailedJob> RecentFailures,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("learning")] LearningState? Learning = null)
{
    /// <summary>The state of a campaign that has not started.</summary>
    public static CampaignState Initial { get; } = new(1, null, 0, 0, 0, 1, []);
}
