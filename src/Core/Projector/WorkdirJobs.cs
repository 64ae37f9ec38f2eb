using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;

namespace AutoPipe.Core.Projector;

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

    /// <summary>
    /// Up to <paramref name="maxCount"/> unfinished jobs from 1-based <paramref name="fromSequence"/> on, looking at
    /// no more than <paramref name="maxScanned"/> jobs (so that a batch answers quickly however much is finished).
    /// </summary>
    public UnfinishedBatch LoadUnfinished(int fromSequence, int maxCount, int maxScanned = 10_000)
    {
        var batch = new List<UnfinishedBatch.Job>(Math.Max(0, maxCount));
        var (completed, failed) = (0, 0);
        var sequence = Math.Max(1, fromSequence);
        var end = Math.Min(campaign.Jobs.Count, sequence + Math.Max(maxCount, maxScanned) - 1);
        for (; sequence <= end && batch.Count < maxCount; sequence++)
        {
            var job = campaign.Jobs[sequence - 1];
            switch (job.State)
            {
                case JobState.Completed:
                    completed++;
                    break;
                case JobState.Failed:
                    failed++;
                    break;
                default:
                    batch.Add(new UnfinishedBatch.Job(sequence, job.JobId, structures.Get(sequence), completed, failed));
                    (completed, failed) = (0, 0);
                    break;
            }
        }

        return new UnfinishedBatch(batch, sequence, completed, failed);
    }

    /// <inheritdoc/>
    public void Dispose() => structures.Dispose();
}
