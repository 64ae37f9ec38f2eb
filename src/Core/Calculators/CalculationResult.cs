using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AutoPipe.Core.Calculators;

/// <summary>What a successful attempt computed, in ASE's units and conventions.</summary>
/// <param name="Energy">Total energy in eV.</param>
/// <param name="Forces">Forces in eV/Angstrom, one <c>[fx, fy, fz]</c> per atom.</param>
/// <param name="Stress">Stress in eV/Angstrom^3, Voigt order xx, yy, zz, yz, xz, xy (ASE's sign), or null.</param>
/// <param name="FreeEnergy">Free energy in eV, when the calculator reports one.</param>
/// <param name="CalculatorName">The calculator's name for ASE's <c>calculator</c> column.</param>
/// <param name="CalculatorParameters">The parameters actually used, for ASE's <c>calculator_parameters</c> column.</param>
/// <param name="Provenance">Code, version, checksums, cost and host; null in results recorded before it existed.</param>
public sealed record CalculationResult(
    double Energy,
    double[][] Forces,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double[]? Stress,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? FreeEnergy,
    string CalculatorName,
    JsonObject CalculatorParameters,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CalculationProvenance? Provenance = null)
{
    /// <summary>Where and when the attempt ran, when a distributed runtime reports it (Temporal's workers); else null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AttemptExecution? Execution { get; init; }
}
