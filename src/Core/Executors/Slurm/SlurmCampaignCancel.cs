using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;

namespace AutoPipe.Core.Executors.Slurm;

/// <summary>
/// <c>autopipe cancel</c> for a campaign on the slurm executor: scancels every job of the campaign still queued or
/// running (the recorded ones, and any whose name says it is this folder's), and marks them cancelled by AutoPipe, so
/// the next <c>autopipe run</c> submits those attempts afresh instead of failing them as cancelled from outside.
/// </summary>
public static class SlurmCampaignCancel
{
    /// <summary>Whether <paramref name="workdir"/>'s campaign ever submitted to Slurm.</summary>
    public static bool UsesSlurm(Workdir workdir)
    {
        ArgumentNullException.ThrowIfNull(workdir);
        if (!File.Exists(workdir.StateDb))
        {
            return false;
        }

        using var connection = SqliteStore.Open(workdir.StateDb);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'slurm_submissions'";
        return (long)command.ExecuteScalar()! > 0;
    }

    /// <summary>Cancels the campaign's live jobs; returns their Slurm ids.</summary>
    public static async Task<IReadOnlyList<string>> CancelAsync(Workdir workdir, string campaign, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workdir);
        ArgumentNullException.ThrowIfNull(time);
        var names = new SlurmJobNames(campaign, workdir.Root);
        using var submissions = SubmissionJournal.Open(workdir.StateDb);
        var queue = await SlurmQueuePoller.SnapshotAsync(cancellationToken).ConfigureAwait(false);
        var recorded = submissions.All().Where(s => !s.CancelledByAutoPipe).ToDictionary(s => s.SlurmJobId, StringComparer.Ordinal);
        var live = queue.Values.Where(j => !j.IsFinished && (recorded.ContainsKey(j.Id) || names.Owns(j.Name))).Select(j => j.Id).ToList();
        if (live.Count > 0)
        {
            var result = await SlurmCommands.RunAsync(SlurmCommands.Scancel, live, cancellationToken).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new SlurmCommandException($"scancel {string.Join(' ', live)} failed: {result.Stderr.Trim()}");
            }
        }

        foreach (var id in live)
        {
            if (recorded.TryGetValue(id, out var submission))
            {
                submissions.Record(submission with { CancelledByAutoPipe = true });
            }
        }

        return live;
    }
}
