namespace AutoPipe.Core.Runtime;

/// <summary>How a run of the embedded runtime ended.</summary>
/// <param name="Total">Jobs in the campaign.</param>
/// <param name="Completed">Jobs with a result.</param>
/// <param name="Failed">Jobs failed for good.</param>
/// <param name="Cancelled">Whether the run was stopped before every job finished.</param>
public sealed record CampaignOutcome(int Total, int Completed, int Failed, bool Cancelled)
{
    /// <summary>Jobs still unfinished (only after a cancellation).</summary>
    public int Pending => Total - Completed - Failed;
}
