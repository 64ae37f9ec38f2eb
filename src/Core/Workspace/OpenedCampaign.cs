using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;

namespace AutoPipe.Core.Workspace;

/// <summary>
/// A working directory owned by this process: the lock held, the journal and results database open, the jobs'
/// state loaded and reconciled. Dispose releases everything (the lock last).
/// </summary>
public sealed class OpenedCampaign : IDisposable
{
    internal OpenedCampaign(Workdir workdir, WorkdirLock workdirLock, CampaignSpec spec, CampaignJournal journal, AseDatabase results, List<JobRecord> jobs, bool resumed)
    {
        Workdir = workdir;
        Lock = workdirLock;
        Spec = spec;
        Journal = journal;
        Results = results;
        Jobs = jobs;
        Resumed = resumed;
        workdirLock.Announce();
    }

    /// <summary>The working directory.</summary>
    public Workdir Workdir { get; }

    /// <summary>The campaign's spec (the frozen one when resumed).</summary>
    public CampaignSpec Spec { get; }

    /// <summary>Whether an earlier run's state was found.</summary>
    public bool Resumed { get; }

    /// <summary>Every job's state, in input order.</summary>
    public List<JobRecord> Jobs { get; }

    internal CampaignJournal Journal { get; }

    /// <summary>What its labels have cost in compute so far (every attempt recorded, per completed row).</summary>
    public CampaignCost Cost()
    {
        var (seconds, failedSeconds) = Journal.AttemptSeconds();
        return CampaignCost.From(seconds, failedSeconds, Jobs.Count(j => j.State == JobState.Completed), Spec);
    }

    internal AseDatabase Results { get; }

    private WorkdirLock Lock { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Results.Dispose();
        Journal.Dispose();
        Lock.Dispose();
    }
}
