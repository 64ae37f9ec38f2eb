using System.Text.Json.Nodes;

namespace AutoPipe.Core.Structures;

/// <summary>
/// One atomic configuration, as ASE's <c>Atoms</c> holds it: atomic numbers, Cartesian positions (Angstrom),
/// cell vectors as rows (Angstrom), periodic boundary conditions, and the per-frame info keys of extended XYZ.
/// </summary>
/// <param name="Numbers">Atomic number of each atom.</param>
/// <param name="Positions">Cartesian positions, one <c>[x, y, z]</c> per atom, in Angstrom.</param>
/// <param name="Cell">Cell vectors as rows, 3 x 3, in Angstrom; all zeros for a molecule.</param>
/// <param name="Pbc">Periodicity along each cell vector.</param>
/// <param name="Info">Per-frame info keys (strings, numbers, booleans or arrays), in file order.</param>
/// <param name="Arrays">Extra per-atom columns of the extxyz <c>Properties</c> (e.g. reference forces), by name.</param>
public sealed record Structure(
    IReadOnlyList<int> Numbers,
    IReadOnlyList<double[]> Positions,
    double[][] Cell,
    bool[] Pbc,
    IReadOnlyList<KeyValuePair<string, JsonNode?>> Info,
    IReadOnlyList<KeyValuePair<string, JsonNode?>> Arrays)
{
    /// <summary>Number of atoms.</summary>
    public int AtomCount => Numbers.Count;

    /// <summary>Chemical symbol of each atom.</summary>
    public IEnumerable<string> Symbols => Numbers.Select(ChemicalElements.Symbol);

    /// <summary>The cell volume in Angstrom^3 (|det(cell)|), zero for a molecule.</summary>
    public double Volume => Math.Abs(
        Cell[0][0] * (Cell[1][1] * Cell[2][2] - Cell[1][2] * Cell[2][1])
        - Cell[0][1] * (Cell[1][0] * Cell[2][2] - Cell[1][2] * Cell[2][0])
        + Cell[0][2] * (Cell[1][0] * Cell[2][1] - Cell[1][1] * Cell[2][0]));

    /// <summary>Looks up an info key, or null when the frame does not carry it.</summary>
    public JsonNode? FindInfo(string key) =>
        Info.FirstOrDefault(pair => string.Equals(pair.Key, key, StringComparison.Ordinal)).Value;
}
