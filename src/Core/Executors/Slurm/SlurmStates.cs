using AutoPipe.Core.Calculators;

namespace AutoPipe.Core.Executors.Slurm;

/// <summary>
/// Slurm's job states as the shared policy's failure kinds, for a job that left the queue without recording an
/// exit code (so the command never ended by itself).
/// </summary>
public static class SlurmStates
{
    private static readonly HashSet<string> finished = new(StringComparer.Ordinal)
    {
        "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "SPECIAL_EXIT", "REVOKED",
    };

    private static readonly string[] memoryMarkers = ["exceeded memory limit", "exceeded job memory limit", "oom_kill event", "oom-kill event", "OOM Killed"];

    /// <summary>Whether <paramref name="state"/> is final.</summary>
    public static bool IsFinished(string state) => finished.Contains(Base(state));

    /// <summary>The failure kind and message of job <paramref name="jobId"/> that ended in <paramref name="state"/> without an exit code.</summary>
    public static (FailureKind Kind, string Message) Classify(string jobId, string state, string? reason)
    {
        var s = Base(state);
        var why = string.IsNullOrEmpty(reason) || reason == "None" ? "" : $", reason {reason}";
        return s switch
        {
            "TIMEOUT" or "DEADLINE" => (FailureKind.Timeout, $"Slurm job {jobId} reached its time limit and was stopped ({s}{why})"),
            "OUT_OF_MEMORY" => (FailureKind.OutOfMemory, $"Slurm job {jobId} ran out of memory (OUT_OF_MEMORY{why}); give it more with executor.memory, or fewer atoms per task"),
            "PREEMPTED" => (FailureKind.Transient, $"Slurm job {jobId} was preempted by a job of higher priority (PREEMPTED{why}); it runs again unchanged"),
            "NODE_FAIL" => (FailureKind.Transient, $"Slurm job {jobId} was lost with its node (NODE_FAIL{why}); it runs again unchanged"),
            "BOOT_FAIL" => (FailureKind.Transient, $"Slurm job {jobId} could not start: its node failed to boot (BOOT_FAIL{why}); it runs again unchanged"),
            "CANCELLED" => (FailureKind.Cancelled, $"Slurm job {jobId} was cancelled outside AutoPipe (CANCELLED{why})"),
            "COMPLETED" => (FailureKind.OutputUnreadable, $"Slurm job {jobId} completed but its script recorded no exit code (job.exitcode)"),
            _ => (FailureKind.Crashed, $"Slurm job {jobId} ended {s}{why} before its command recorded an exit code; see slurm-{jobId}.out"),
        };
    }

    /// <summary>
    /// slurmstepd's line saying a job's step went over its memory: the accounting poller's ("exceeded memory limit",
    /// JobAcctGatherParams=OverMemoryKill, job state FAILED) or the cgroup OOM killer's ("oom_kill event", job
    /// state OUT_OF_MEMORY); null when <paramref name="slurmOutput"/> has none.
    /// </summary>
    public static string? MemoryExceeded(string? slurmOutput) =>
        slurmOutput?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l =>
            l.StartsWith("slurmstepd", StringComparison.Ordinal)
            && memoryMarkers.Any(m => l.Contains(m, StringComparison.OrdinalIgnoreCase)))
            ?.Split(" error: ", 2)[^1];

    // scontrol can say "CANCELLED by 0"; squeue says "CANCELLED".
    private static string Base(string state) => state.Split(' ', 2)[0].TrimEnd('+');
}
