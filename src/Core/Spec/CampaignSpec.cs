namespace AutoPipe.Core.Spec;

/// <summary>
/// A validated campaign: what to compute (structures from an extxyz file, or <see cref="JobCount"/> generated
/// structures for the mock), with which calculator, on how many local workers, retried how.
/// Paths are absolute, resolved against the spec file's folder.
/// </summary>
/// <param name="Name">Campaign name: letters, digits, '.', '_' and '-'.</param>
/// <param name="Workers">Concurrent calculations on the embedded runtime.</param>
/// <param name="StructuresPath">The extxyz file, or null when <see cref="JobCount"/> is set.</param>
/// <param name="JobCount">Number of generated jobs, or null when <see cref="StructuresPath"/> is set.</param>
/// <param name="Calculator">The calculator and its settings.</param>
/// <param name="Retry">Attempts and backoff.</param>
public sealed record CampaignSpec(
    string Name,
    int Workers,
    string? StructuresPath,
    int? JobCount,
    CalculatorSpec Calculator,
    RetryOptions Retry)
{
    /// <summary>Where the calculations' commands run (default: <see cref="LocalExecutorSpec"/>).</summary>
    public ExecutorSpec Executor { get; init; } = LocalExecutorSpec.Instance;
}
