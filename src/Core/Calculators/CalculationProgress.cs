namespace AutoPipe.Core.Calculators;

/// <summary>How far a running attempt has got, e.g. "SCF iteration 7"; shown by status and sent as heartbeat.</summary>
/// <param name="Detail">A short human-readable description.</param>
/// <param name="Step">A number that grows as the attempt progresses (the SCF iteration), if any.</param>
public sealed record CalculationProgress(string Detail, int? Step = null)
{
    /// <summary>Most values of <see cref="ScfAccuracyRy"/> kept: the latest ones (a heartbeat stays small).</summary>
    public const int MaxScfAccuracies = 60;

    /// <summary>
    /// pw.x's estimated SCF accuracy of each iteration so far (Ry; the latest <see cref="MaxScfAccuracies"/>), for
    /// a convergence chart; null for calculators without an SCF.
    /// </summary>
    public IReadOnlyList<double>? ScfAccuracyRy { get; init; }
}
