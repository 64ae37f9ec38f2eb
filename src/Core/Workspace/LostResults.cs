using AutoPipe.Core.Storage;
using Serilog;

namespace AutoPipe.Core.Workspace;

/// <summary>
/// Finds completed jobs whose rows results.db no longer holds. SQLite drops a transaction whose write-ahead log frames
/// are torn or gone (a truncated or deleted results.db-wal, a disk that lost its last writes), while the journal may
/// already count the job as completed: without this, such a job would stay "completed" with no row, for good.
/// </summary>
internal static class LostResults
{
    /// <summary>
    /// When results.db ends below the journal's <paramref name="watermark"/>, puts every completed job without a row
    /// back to pending (the same attempt runs again), adds it to <paramref name="changed"/> and returns the watermark
    /// results.db really reaches; otherwise returns <paramref name="watermark"/> and costs one indexed query.
    /// </summary>
    public static long Requeue(AseDatabase results, List<JobRecord> jobs, long watermark, List<JobRecord> changed, ILogger log)
    {
        var last = results.LastRowId();
        if (last >= watermark)
        {
            return watermark;
        }

        var stored = results.JobIdsAfter(0).Select(r => r.JobId).ToHashSet(StringComparer.Ordinal);
        var lost = jobs.Where(j => j.State == JobState.Completed && !stored.Contains(j.JobId)).ToList();
        foreach (var job in lost)
        {
            job.State = JobState.Pending;
            job.Attempts = Math.Max(0, job.Attempts - 1);
            changed.Add(job);
        }

        log.Warning(
            "results.db lost its last {Rows} row(s) (its write-ahead log was torn or removed); running the {Jobs} calculation(s) whose results went with them again",
            watermark - last, lost.Count);
        return last;
    }
}
