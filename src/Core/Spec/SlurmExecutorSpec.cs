namespace AutoPipe.Core.Spec;

/// <summary>
/// Each attempt is a Slurm batch job that outlives the manager; a restarted manager adopts the jobs it finds
/// instead of submitting them again. Null options are left to the cluster's defaults.
/// </summary>
public sealed record SlurmExecutorSpec : ExecutorSpec
{
    /// <summary>The spec's name of this executor.</summary>
    public const string KindName = "slurm";

    /// <summary>Default of <see cref="MaxSubmitted"/>.</summary>
    public const int DefaultMaxSubmitted = 50;

    /// <summary>Default of <see cref="PollSeconds"/>.</summary>
    public const double DefaultPollSeconds = 10;

    /// <summary>Default of <see cref="GroupSize"/>.</summary>
    public const int DefaultGroupSize = 1;

    /// <inheritdoc/>
    public override string Kind => KindName;

    /// <summary><c>--partition</c>.</summary>
    public string? Partition { get; init; }

    /// <summary><c>--account</c>.</summary>
    public string? Account { get; init; }

    /// <summary><c>--qos</c>.</summary>
    public string? Qos { get; init; }

    /// <summary><c>--time</c>, in one of Slurm's formats (<c>MM</c>, <c>MM:SS</c>, <c>HH:MM:SS</c>, <c>D-HH[:MM[:SS]]</c>).</summary>
    public string? TimeLimit { get; init; }

    /// <summary><c>--nodes</c>.</summary>
    public int? Nodes { get; init; }

    /// <summary><c>--ntasks</c>.</summary>
    public int? Ntasks { get; init; }

    /// <summary><c>--cpus-per-task</c>.</summary>
    public int? CpusPerTask { get; init; }

    /// <summary><c>--mem</c> (e.g. <c>8G</c>).</summary>
    public string? Memory { get; init; }

    /// <summary>Further <c>#SBATCH</c> options, each a whole option (e.g. <c>--constraint=cpu</c>).</summary>
    public IReadOnlyList<string> ExtraOptions { get; init; } = [];

    /// <summary>Most of the campaign's jobs in the queue (pending or running) at once. Default 50.</summary>
    public int MaxSubmitted { get; init; } = DefaultMaxSubmitted;

    /// <summary>How often the queue is polled (<c>squeue</c>) and exit files are looked for. Default 10 s.</summary>
    public double PollSeconds { get; init; } = DefaultPollSeconds;

    /// <summary>Calculations packed into one Slurm job. Default 1.</summary>
    public int GroupSize { get; init; } = DefaultGroupSize;
}
