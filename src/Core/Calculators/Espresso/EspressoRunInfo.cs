namespace AutoPipe.Core.Calculators.Espresso;

/// <summary>What a pw.x output says about the run itself (for provenance), each field null when the output lacks it.</summary>
/// <param name="Program">The program's name from its banner, e.g. <c>PWSCF</c>.</param>
/// <param name="Version">Its version from the banner, e.g. <c>v.6.7MaX</c>.</param>
/// <param name="Pseudopotentials">Each pseudopotential read: its element, the path and the MD5 checksum pw.x printed, in order.</param>
/// <param name="ScfIterations">The iterations of <c>convergence has been achieved in N iterations</c> (the last one).</param>
/// <param name="ScfAccuracyRy">The last <c>estimated scf accuracy</c>, in Ry.</param>
/// <param name="CpuSeconds">The CPU time of the <c>PWSCF :</c> timing line.</param>
/// <param name="WallSeconds">The wall time of the <c>PWSCF :</c> timing line.</param>
public sealed record EspressoRunInfo(
    string? Program,
    string? Version,
    IReadOnlyList<(string Element, string Path, string Md5)> Pseudopotentials,
    int? ScfIterations,
    double? ScfAccuracyRy,
    double? CpuSeconds,
    double? WallSeconds);
