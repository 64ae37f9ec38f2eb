using AutoPipe.Core.Storage;

namespace AutoPipe.Core.Runtime;

/// <summary>
/// Reconciles the calculations a view shows as running with the jobs' journal when the two were read at different
/// moments (status.json and state.db; Temporal's pending activities and the projection): an attempt that the journal
/// already holds as ended is not running any more, so no view counts a job as failed, or completed, and running at
/// once ("15 completed, 1 failed, 0 pending (1 running)").
/// </summary>
public static class RunningAttempts
{
    /// <summary>
    /// The calculations of <paramref name="inFlight"/> whose attempt is still open: its job is not finished and has
    /// not ended that attempt. A job <paramref name="jobOf"/> does not know is kept.
    /// </summary>
    public static IReadOnlyList<InFlightCalculation> StillOpen(IReadOnlyList<InFlightCalculation> inFlight, Func<string, JobRecord?> jobOf)
    {
        ArgumentNullException.ThrowIfNull(inFlight);
        ArgumentNullException.ThrowIfNull(jobOf);
        return inFlight.Where(c => jobOf(c.JobId) is not { } job || (!job.IsTerminal && c.Attempt > job.Attempts)).ToList();
    }
}
