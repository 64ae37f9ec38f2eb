namespace AutoPipe.Core.Executors.Slurm;

/// <summary>What the queue says of one job.</summary>
/// <param name="Id">The Slurm job id.</param>
/// <param name="Name">The job name.</param>
/// <param name="State">Slurm's state (PENDING, RUNNING, COMPLETED, TIMEOUT, ...).</param>
/// <param name="Reason">Why it waits or ended (Resources, Priority, None, ...).</param>
/// <param name="Node">The node it runs on, when it runs.</param>
public sealed record SlurmJobState(string Id, string Name, string State, string Reason, string Node)
{
    /// <summary>Whether the job is over (Slurm will not run it again).</summary>
    public bool IsFinished => SlurmStates.IsFinished(State);

    /// <summary>Parses one line of <c>squeue --format=%i|%j|%T|%r|%N</c>.</summary>
    public static SlurmJobState? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Trim().Split('|');
        return parts.Length < 5 || parts[0].Length == 0 ? null : new SlurmJobState(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }
}
