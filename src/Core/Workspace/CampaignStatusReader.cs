using AutoPipe.Core.Input;
using AutoPipe.Core.Projection;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;

namespace AutoPipe.Core.Workspace;

/// <summary>Reads a working directory's status without disturbing a manager that may be running in it.</summary>
public static class CampaignStatusReader
{
    /// <summary>The status of <paramref name="workdirPath"/>; <see cref="InputException"/> when it holds no campaign.</summary>
    public static CampaignStatus Read(string workdirPath)
    {
        var workdir = Workdir.For(workdirPath);
        using var journal = CampaignJournal.OpenExisting(workdir.StateDb)
            ?? throw new InputException($"--workdir {workdirPath}: holds no campaign (no state.db)");
        var spec = CampaignSpecReader.Read(journal.ReadMeta("spec")!, "/", "campaign.json");
        var jobs = journal.LoadJobs();
        var running = WorkdirLock.IsHeld(workdir);
        // status.json is rewritten every second, the journal at every commit: it may still list an attempt that ended.
        var inFlight = running ? StatusFile.ReadInFlight(workdir) ?? [] : [];
        if (inFlight.Count > 0)
        {
            var byId = jobs.ToDictionary(j => j.JobId, StringComparer.Ordinal);
            inFlight = RunningAttempts.StillOpen(inFlight, id => byId.GetValueOrDefault(id));
        }

        var completed = jobs.Count(j => j.State == JobState.Completed);
        var (seconds, failedSeconds) = journal.AttemptSeconds();
        return new CampaignStatus(
            spec.Name,
            workdir.Root,
            jobs.Count,
            completed,
            jobs.Where(j => j.State == JobState.Failed).Select(j => new FailedJob(j.JobId, j.FailureReason ?? "")).ToList(),
            running,
            inFlight,
            journal.ReadLearning()?.Active ?? [],
            CampaignCost.From(seconds, failedSeconds, completed, spec));
    }
}
