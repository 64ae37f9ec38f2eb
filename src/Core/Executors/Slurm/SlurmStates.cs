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
            "NODE_FAIL" or "PREEMPTED" or "BOOT_FAIL" => (FailureKind.Transient, $"Slurm job {jobId} was lost with its node or preempted ({s}{why})"),
            "CANCELLED" => (FailureKind.Cancelled, $"Slurm job {jobId} was cancelled outside AutoPipe (CANCELLED{why})"),
            "COMPLETED" => (FailureKind.OutputUnreadable, $"Slurm job {jobId} completed but its script recorded no exit code (job.exitcode)"),
            _ => (FailureKind.Crashed, $"Slurm job {jobId} ended {s}{why} before its command recorded an exit code; see slurm-{jobId}.out"),
        };
    }

    // scontrol can say "CANCELLED by 0"; squeue says "CANCELLED".
    private static string Base(string state) => state.Split(' ', 2)[0].TrimEnd('+');
}
