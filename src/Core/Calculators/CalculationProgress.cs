namespace AutoPipe.Core.Calculators;

/// <summary>How far a running attempt has got, e.g. "SCF iteration 7"; shown by status and sent as heartbeat.</summary>
/// <param name="Detail">A short human-readable description.</param>
/// <param name="Step">A number that grows as the attempt progresses (the SCF iteration), if any.</param>
public sealed record CalculationProgress(string Detail, int? Step = null);
