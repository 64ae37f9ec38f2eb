namespace AutoPipe.Core.Runtime;

/// <summary>A calculation running now, as progress displays and status show it.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Slot">The worker slot (1-based).</param>
/// <param name="Attempt">The attempt number.</param>
/// <param name="MaxAttempts">Attempts allowed.</param>
/// <param name="Started">When the attempt started.</param>
/// <param name="Detail">Latest progress report (e.g. "SCF iteration 7"), if any.</param>
/// <param name="Worker">The worker process running it (Temporal's worker identity, <c>pid@host</c>); null on the embedded runtime.</param>
/// <param name="ScfAccuracyRy">
/// pw.x's estimated SCF accuracy per iteration so far, when the runtime carries it (Temporal's heartbeats); null
/// otherwise (on this machine the dashboard reads the attempt's output itself).
/// </param>
public sealed record InFlightCalculation(
    string JobId, int Slot, int Attempt, int MaxAttempts, DateTimeOffset Started, string? Detail, string? Worker = null, IReadOnlyList<double>? ScfAccuracyRy = null);
