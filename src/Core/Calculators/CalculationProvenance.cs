using System.Text.Json.Serialization;

namespace AutoPipe.Core.Calculators;

/// <summary>
/// Where a result came from: the code and its version, the pseudopotential files by checksum, what the calculation
/// cost and how its SCF ended, and the machine that ran it. Travels in Temporal's history with the result, so it stays
/// small (a few hundred bytes) and every field is optional.
/// </summary>
/// <param name="Code">The program, e.g. <c>PWSCF</c> or <c>autopipe-mock</c>.</param>
/// <param name="Version">Its version as it reports it, e.g. <c>v.6.7MaX</c>.</param>
/// <param name="Host">The host name of the machine (worker or node) that ran the calculation.</param>
/// <param name="WallSeconds">Wall time of the attempt, measured by AutoPipe around the calculation.</param>
/// <param name="CpuSeconds">CPU time the code reports for itself, or null.</param>
/// <param name="ScfIterations">SCF iterations to convergence, or null.</param>
/// <param name="ScfAccuracyRy">The final estimated SCF accuracy in Ry, or null.</param>
/// <param name="Pseudopotentials">The pseudopotential files used, with their MD5 checksums.</param>
public sealed record CalculationProvenance(
    string Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Host = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? WallSeconds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? CpuSeconds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ScfIterations = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ScfAccuracyRy = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PseudopotentialFile>? Pseudopotentials = null);
