using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Runtime;

/// <summary>
/// The campaign's jobs with their structures, read in small batches from the working directory's frozen plan, for
/// runtimes whose workers share no disk with it (Temporal's projector hands them out).
/// </summary>
public sealed class WorkdirJobs : IDisposable
{
    private readonly OpenedCampaign campaign;
    private readonly StructureSource structures;

    /// <summary>Reads the jobs of <paramref name="campaign"/>.</summary>
    public WorkdirJobs(OpenedCampaign campaign)
    {
        this.campaign = campaign;
        structures = new StructureSource(campaign.Workdir, campaign.Spec.StructuresPath == null);
    }

    /// <summary>Jobs in the campaign.</summary>
    public int Total => campaign.Jobs.Count;

    /// <summary>Up to <paramref name="maxCount"/> jobs from 1-based <paramref name="fromSequence"/> on, in order.</summary>
    public IReadOnlyList<(int Sequence, string JobId, Structure Structure)> Load(int fromSequence, int maxCount)
    {
        var first = Math.Max(1, fromSequence);
        var last = Math.Min(campaign.Jobs.Count, first + maxCount - 1);
        var batch = new List<(int, string, Structure)>(Math.Max(0, last - first + 1));
        for (var sequence = first; sequence <= last; sequence++)
        {
            batch.Add((sequence, campaign.Jobs[sequence - 1].JobId, structures.Get(sequence)));
        }

        return batch;
    }

    /// <inheritdoc/>
    public void Dispose() => structures.Dispose();
}
