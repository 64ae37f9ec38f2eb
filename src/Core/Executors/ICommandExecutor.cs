namespace AutoPipe.Core.Executors;

/// <summary>
/// Where a calculation's command runs. Calculators decide what to run and what its output means; an executor only
/// runs the command line in the attempt folder and reports how it ended.
/// </summary>
public interface ICommandExecutor
{
    /// <summary>
    /// True when the command of this attempt was already handed to the executor by an earlier run of the manager
    /// (a Slurm job that outlived it): the calculator must then leave the attempt folder as it is, since the command
    /// may be reading it right now.
    /// </summary>
    bool IsSubmitted(string jobId, int attempt);

    /// <summary>
    /// Runs <see cref="CommandRequest.Command"/> and returns its exit code, or null when it ran past its time
    /// limit and was stopped. Throws <see cref="Calculators.CalculationFailedException"/> when it ended in a way the
    /// executor itself classifies (a Slurm job cancelled, out of memory, lost with its node), and
    /// <see cref="OperationCanceledException"/> on cancellation: the local executor kills the command first, the
    /// Slurm executor leaves the job in the queue for the next run to adopt.
    /// </summary>
    Task<int?> RunAsync(CommandRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// The host an attempt's command ran on, for its provenance, once <see cref="RunAsync"/> returned: this machine
    /// for the local executor, the node the Slurm job's script recorded; null when it is not known.
    /// </summary>
    string? HostOf(string attemptDirectory);
}
