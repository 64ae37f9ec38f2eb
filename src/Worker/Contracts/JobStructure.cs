using System.Text.Json.Serialization;
using AutoPipe.Core.Structures;

namespace AutoPipe.Worker.Contracts;

/// <summary>
/// The part of a structure a calculator needs, as it travels through Temporal's history: atomic numbers,
/// positions, cell and periodicity. Info keys and extra per-atom columns stay with the projector, which owns the
/// structures file and writes the ASE rows.
/// </summary>
/// <param name="Numbers">Atomic number of each atom.</param>
/// <param name="Positions">Cartesian positions in Angstrom, one <c>[x, y, z]</c> per atom.</param>
/// <param name="Cell">Cell vectors as rows, 3 x 3, in Angstrom.</param>
/// <param name="Pbc">Periodicity along each cell vector.</param>
public sealed record JobStructure(
    [property: JsonPropertyName("numbers")] IReadOnlyList<int> Numbers,
    [property: JsonPropertyName("positions")] IReadOnlyList<double[]> Positions,
    [property: JsonPropertyName("cell")] double[][] Cell,
    [property: JsonPropertyName("pbc")] bool[] Pbc)
{
    /// <summary>Keeps what a calculator needs of <paramref name="structure"/>.</summary>
    public static JobStructure From(Structure structure)
    {
        ArgumentNullException.ThrowIfNull(structure);
        return new JobStructure(structure.Numbers, structure.Positions, structure.Cell, structure.Pbc);
    }

    /// <summary>The Core structure a calculator runs on (without info keys or extra arrays).</summary>
    public Structure ToStructure() => new(Numbers, Positions, Cell, Pbc, [], []);
}
