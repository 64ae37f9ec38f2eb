namespace AutoPipe.Core.Runtime;

/// <summary>A consistent view of a running campaign for progress displays.</summary>
/// <param name="Campaign">Campaign name.</param>
/// <param name="Total">Jobs in all.</param>
/// <param name="Completed">Jobs with a result.</param>
/// <param name="Failed">Jobs failed for good.</param>
/// <param name="CompletedThisRun">Jobs completed since this process started (for the rate).</param>
/// <param name="StartedAt">When this process started running the campaign.</param>
/// <param name="InFlight">Calculations running now.</param>
public sealed record CampaignProgress(
    string Campaign,
    int Total,
    int Completed,
    int Failed,
    int CompletedThisRun,
    DateTimeOffset StartedAt,
    IReadOnlyList<InFlightCalculation> InFlight)
{
    /// <summary>Jobs not finished yet (in-flight included).</summary>
    public int Pending => Total - Completed - Failed;
}
