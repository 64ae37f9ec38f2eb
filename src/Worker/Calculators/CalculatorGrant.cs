namespace AutoPipe.Worker.Calculators;

/// <summary>
/// What a worker's allow-list grants under one name: only what is trusted and local to the worker's machine. The
/// physics (parameters, k-points, pseudopotential file names, time limits) comes from the campaign.
/// </summary>
/// <param name="Kind">The plug-in kind (<c>mock</c>, <c>espresso</c>).</param>
/// <param name="Command">The command line or launcher (espresso: <c>pw.x</c>, <c>mpirun -np 4 pw.x</c>); null when the kind runs none.</param>
/// <param name="PseudoDir">The folder of this machine's pseudopotential library (absolute); null when the kind needs none.</param>
/// <param name="MaxTimeoutSeconds">The longest time limit per attempt a campaign may ask for here; null for no cap.</param>
public sealed record CalculatorGrant(string Kind, string? Command = null, string? PseudoDir = null, double? MaxTimeoutSeconds = null);
