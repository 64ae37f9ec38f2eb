using System.Text.Json.Nodes;

namespace AutoPipe.Core.Storage;

/// <summary>A whole row of an ASE database as stored: the structure, the calculated properties, keys and data.</summary>
/// <param name="Id">ASE row id.</param>
/// <param name="Numbers">Atomic numbers.</param>
/// <param name="Positions">Cartesian positions in Angstrom, one <c>[x, y, z]</c> per atom.</param>
/// <param name="Cell">Cell vectors as rows, 3 x 3, in Angstrom.</param>
/// <param name="Pbc">Periodicity along each cell vector.</param>
/// <param name="Energy">Energy in eV, or null.</param>
/// <param name="FreeEnergy">Free energy in eV, or null.</param>
/// <param name="Forces">Forces in eV/Angstrom, or null.</param>
/// <param name="Stress">Stress in eV/Angstrom^3, Voigt order (ASE's sign), or null.</param>
/// <param name="Calculator">The calculator column.</param>
/// <param name="Fmax">The largest force, or null.</param>
/// <param name="Smax">The largest stress component, or null.</param>
/// <param name="Volume">The cell volume, or null.</param>
/// <param name="KeyValuePairs">ASE's key_value_pairs, in stored order.</param>
/// <param name="Data">ASE's data dictionary.</param>
public sealed record AseStoredRow(
    long Id,
    int[] Numbers,
    double[][] Positions,
    double[][] Cell,
    bool[] Pbc,
    double? Energy,
    double? FreeEnergy,
    double[][]? Forces,
    double[]? Stress,
    string Calculator,
    double? Fmax,
    double? Smax,
    double? Volume,
    JsonObject KeyValuePairs,
    JsonObject Data)
{
    /// <summary>The row's job id key, or an empty string.</summary>
    public string JobId => KeyValuePairs["job_id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : "";
}
