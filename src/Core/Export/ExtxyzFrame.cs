using System.Text;

namespace AutoPipe.Core.Export;

/// <summary>
/// One frame of extended XYZ laid out as ASE 3.22's <c>write_xyz</c> lays out an Atoms with a calculator:
/// <c>Lattice</c> (when the cell is not zero), <c>Properties=species:S:1:pos:R:3</c> then the other arrays then the
/// per-atom results, the info keys, the per-frame results, and <c>pbc</c> last. Values are written at full precision.
/// </summary>
/// <param name="Symbols">Each atom's chemical symbol.</param>
/// <param name="Positions">Cartesian positions in Angstrom.</param>
/// <param name="Cell">Cell vectors as rows.</param>
/// <param name="Pbc">Periodicity.</param>
/// <param name="Info">Comment-line pairs, values already formatted (<see cref="ExtxyzText"/>), in order.</param>
/// <param name="Columns">Per-atom columns after species and pos, in order.</param>
internal sealed record ExtxyzFrame(
    string[] Symbols,
    double[][] Positions,
    double[][] Cell,
    bool[] Pbc,
    IReadOnlyList<KeyValuePair<string, string>> Info,
    IReadOnlyList<ExtxyzColumn> Columns)
{
    public void WriteTo(TextWriter writer)
    {
        var header = new StringBuilder();
        if (Cell.Any(row => row.Any(v => v != 0)))
        {
            // ASE writes cell.T in Fortran order: the cell's rows one after the other.
            header.Append("Lattice=\"").Append(ExtxyzText.Reals(Cell.SelectMany(r => r))).Append("\" ");
        }

        header.Append("Properties=species:S:1:pos:R:3");
        foreach (var column in Columns)
        {
            header.Append(':').Append(column.Name).Append(':').Append(column.Type).Append(':').Append(column.Width);
        }

        foreach (var (key, value) in Info)
        {
            header.Append(' ').Append(ExtxyzText.Quote(key)).Append('=').Append(value);
        }

        header.Append(" pbc=\"").Append(string.Join(' ', Pbc.Select(p => p ? "T" : "F"))).Append('"');
        writer.Write(Symbols.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.Write('\n');
        writer.Write(header.ToString());
        writer.Write('\n');
        var line = new StringBuilder();
        for (var atom = 0; atom < Symbols.Length; atom++)
        {
            line.Clear();
            line.Append(Symbols[atom].PadRight(2));
            foreach (var value in Positions[atom])
            {
                line.Append(' ').Append(ExtxyzText.Real(value));
            }

            foreach (var column in Columns)
            {
                foreach (var cell in column.Cells[atom])
                {
                    line.Append(' ').Append(cell);
                }
            }

            writer.Write(line.ToString());
            writer.Write('\n');
        }
    }
}
