namespace AutoPipe.Core.Calculators;

/// <summary>
/// Why an attempt failed. The retry policy decides on the kind (and the calculator's correction policy on the
/// parameters); the name is also the error type of Temporal's application failures. New kinds go last, so the
/// numbers of the existing ones never change under a recorded history.
/// </summary>
public enum FailureKind
{
    /// <summary>A failure expected to pass by itself (a lost node, a flaky file system): retry unchanged.</summary>
    Transient,

    /// <summary>The SCF cycle did not reach the convergence threshold.</summary>
    ScfNotConverged,

    /// <summary>The eigensolver failed (Cholesky, S matrix not positive definite, too many bands not converged).</summary>
    DiagonalizationFailed,

    /// <summary>Smearing pushed electrons into the highest band: more bands are needed.</summary>
    BandsTooFew,

    /// <summary>The attempt ran past its time limit and was killed.</summary>
    Timeout,

    /// <summary>The program crashed (a signal, a non-zero exit, an error block we do not know how to repair).</summary>
    Crashed,

    /// <summary>The program ended but its output is missing or cannot be read.</summary>
    OutputUnreadable,

    /// <summary>The input cannot work (missing pseudopotential, unknown element, bad keyword): never retried.</summary>
    InputError,

    /// <summary>The batch scheduler stopped the attempt for using more memory than it was given.</summary>
    OutOfMemory,

    /// <summary>Someone other than AutoPipe cancelled the attempt's batch job: failed with that reason, not retried.</summary>
    Cancelled,

    /// <summary>
    /// The program reached its own time budget after making progress, stopped cleanly and saved its state (pw.x at
    /// <c>max_seconds</c>): the next attempt continues from that state instead of starting again.
    /// </summary>
    Checkpointed,
}
