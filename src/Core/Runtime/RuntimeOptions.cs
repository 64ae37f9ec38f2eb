using AutoPipe.Core.Calculators;

namespace AutoPipe.Core.Runtime;

/// <summary>
/// Settings of a run that are not part of a campaign's meaning: the embedded runtime's, and those of the projection
/// both runtimes write (checkpoint.json's cost throttle, the clock).
/// </summary>
public sealed record RuntimeOptions
{
    /// <summary>Clock for backoff and timestamps (tests pass a fake one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Times a job may be cut short by the manager stopping (crash, kill, cancellation) before it is failed, so a
    /// calculation that takes its manager down with it cannot loop forever. Default 3.
    /// </summary>
    public int MaxInterruptions { get; init; } = 3;

    /// <summary>
    /// checkpoint.json is rewritten after each commit, but no more often than this many times its own write time,
    /// so that writing it costs at most about 1/<c>CheckpointCostFactor</c> of the run however large it grows.
    /// </summary>
    public int CheckpointCostFactor { get; init; } = 20;

    /// <summary>How often status.json (in-flight calculations, for <c>autopipe status</c>) is refreshed.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Most events committed in one transaction.</summary>
    public int MaxBatch { get; init; } = 4096;

    /// <summary>The calculator plug-ins (how a spec's kind is built and repaired); default the process-wide set.</summary>
    public CalculatorPlugins Calculators { get; init; } = CalculatorPlugins.Default;
}
