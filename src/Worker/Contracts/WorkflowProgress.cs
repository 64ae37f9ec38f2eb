using System.Text.Json.Serialization;
using AutoPipe.Core.Runtime;

namespace AutoPipe.Worker.Contracts;

/// <summary>The answer of the workflow's <c>Progress</c> query.</summary>
/// <param name="Campaign">The campaign's name.</param>
/// <param name="TotalJobs">Jobs in the campaign, once the first batch is loaded.</param>
/// <param name="Pending">Jobs not finished, those in flight included (as checkpoint.json counts them); null until the total is known.</param>
/// <param name="InFlight">Jobs with an attempt running.</param>
/// <param name="Retrying">Jobs waiting out the backoff before their next attempt.</param>
/// <param name="Completed">Jobs completed.</param>
/// <param name="Failed">Jobs failed for good.</param>
/// <param name="Attempts">Attempts started, over all runs of the workflow.</param>
/// <param name="Run">The workflow run, 1 for the first; grows by one at each continue-as-new.</param>
/// <param name="CancelRequested">True once a cancellation was asked for.</param>
/// <param name="ContinuingAsNew">True while the run drains before continuing as new.</param>
/// <param name="Unrecorded">Finished jobs not yet handed to the projection.</param>
/// <param name="ActiveJobs">Some of the jobs in flight or retrying (at most <see cref="WorkflowProgress.MaxListed"/>).</param>
/// <param name="RecentFailures">The last failed jobs, with why (at most <see cref="WorkflowProgress.MaxListed"/>).</param>
public sealed record WorkflowProgress(
    [property: JsonPropertyName("campaign")] string Campaign,
    [property: JsonPropertyName("totalJobs")] int? TotalJobs,
    [property: JsonPropertyName("pending")] int? Pending,
    [property: JsonPropertyName("inFlight")] int InFlight,
    [property: JsonPropertyName("retrying")] int Retrying,
    [property: JsonPropertyName("completed")] int Completed,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("run")] int Run,
    [property: JsonPropertyName("cancelRequested")] bool CancelRequested,
    [property: JsonPropertyName("continuingAsNew")] bool ContinuingAsNew,
    [property: JsonPropertyName("unrecorded")] int Unrecorded,
    [property: JsonPropertyName("activeJobs")] IReadOnlyList<ActiveJob> ActiveJobs,
    [property: JsonPropertyName("recentFailures")] IReadOnlyList<FailedJob> RecentFailures)
{
    /// <summary>Longest list a progress answer carries, so that a query stays small at any campaign size.</summary>
    public const int MaxListed = 50;
}
