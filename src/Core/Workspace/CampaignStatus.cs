using AutoPipe.Core.Policy.Learning;
using AutoPipe.Core.Runtime;

namespace AutoPipe.Core.Workspace;

/// <summary>A campaign's state as <c>autopipe status</c> shows it, read from the journal and the live status file.</summary>
/// <param name="Campaign">Campaign name.</param>
/// <param name="Workdir">The working directory.</param>
/// <param name="Total">Jobs in all.</param>
/// <param name="Completed">Jobs with a result.</param>
/// <param name="Failed">Jobs failed for good, with their reasons.</param>
/// <param name="ManagerRunning">Whether a manager holds the directory now.</param>
/// <param name="InFlight">Calculations running now (empty when no manager runs).</param>
/// <param name="Learned">The corrections the campaign learned from its repairs, which calculations not yet started start with.</param>
/// <param name="Cost">What its labels cost in compute so far, when known.</param>
public sealed record CampaignStatus(
    string Campaign,
    string Workdir,
    int Total,
    int Completed,
    IReadOnlyList<FailedJob> Failed,
    bool ManagerRunning,
    IReadOnlyList<InFlightCalculation> InFlight,
    IReadOnlyList<LearnedCorrection>? Learned = null,
    CampaignCost? Cost = null)
{
    /// <summary>Jobs not finished.</summary>
    public int Pending => Total - Completed - Failed.Count;
}
