using AutoPipe.Core.Embedded;

namespace AutoPipe.Core.Runtime;

/// <summary>
/// Runs an opened campaign to its end, whichever runtime does the work: <see cref="EmbeddedRuntime"/> on this
/// machine, or the Temporal runtime (AutoPipe.Worker's <c>TemporalRuntime</c>) on many. Both leave the same
/// checkpoint.json and results.db in the working directory and end with the same <see cref="CampaignOutcome"/>.
/// </summary>
public interface ICampaignRuntime
{
    /// <summary>
    /// A snapshot for progress displays, the same model on both runtimes: counts, and the calculations in flight with
    /// their slot (embedded) or worker (Temporal), attempt and latest progress. Safe to read from any thread.
    /// </summary>
    CampaignProgress Progress { get; }

    /// <summary>Runs until every job has finished, or <paramref name="cancellationToken"/> stops (or detaches) the run.</summary>
    Task<CampaignOutcome> RunAsync(CancellationToken cancellationToken);
}
