namespace AutoPipe.Core.Calculators.Espresso;

/// <summary>What a pw.x output says, in ASE's units; <see cref="Failure"/> is set when it must not be used as a result.</summary>
/// <param name="Energy">The last <c>!    total energy</c> in eV, or null.</param>
/// <param name="Forces">Forces in eV/Angstrom, one <c>[fx, fy, fz]</c> per atom, or null.</param>
/// <param name="Stress">Stress in eV/Angstrom^3, Voigt order xx, yy, zz, yz, xz, xy, ASE's sign, or null.</param>
/// <param name="ScfIteration">The last SCF iteration reached, or null before the first.</param>
/// <param name="Failure">Why the output is not a result, or null when it is one.</param>
/// <param name="FailureMessage">pw.x's own words for the failure (the error block's message), or null.</param>
/// <param name="JobDone">Whether pw.x reached its <c>JOB DONE.</c> banner.</param>
/// <param name="Run">The code, version, pseudopotential checksums, SCF and timing the output reports, or null.</param>
public sealed record EspressoOutput(
    double? Energy,
    double[][]? Forces,
    double[]? Stress,
    int? ScfIteration,
    FailureKind? Failure,
    string? FailureMessage,
    bool JobDone,
    EspressoRunInfo? Run = null);
