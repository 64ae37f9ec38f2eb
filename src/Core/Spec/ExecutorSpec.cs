namespace AutoPipe.Core.Spec;

/// <summary>
/// Where a calculation's command runs (the spec's optional <c>executor</c> object), independent of what the
/// calculation is (the calculator). <see cref="Kind"/> selects the executor.
/// </summary>
public abstract record ExecutorSpec
{
    /// <summary>The executor name as written in the spec (<c>local</c>, <c>slurm</c>).</summary>
    public abstract string Kind { get; }
}
