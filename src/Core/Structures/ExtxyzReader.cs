using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AutoPipe.Core.Input;

namespace AutoPipe.Core.Structures;

/// <summary>
/// Reads ASE's extended XYZ format: per frame an atom count, a comment line of <c>key=value</c> pairs
/// (<c>Lattice</c>, <c>Properties</c>, <c>pbc</c> and free info keys) and one line per atom. Value parsing follows
/// <c>ase.io.extxyz.key_val_str_to_dict</c> (ints, then floats, then T/F booleans, arrays of them, else strings).
/// Errors name the file and the 1-based line.
/// </summary>
public static class ExtxyzReader
{
    /// <summary>Reads every frame of <paramref name="path"/>.</summary>
    public static IReadOnlyList<Structure> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new InputException($"{path}: structures file not found");
        }

        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads every frame from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<Structure> Read(TextReader reader, string source)
    {
        var frames = new List<Structure>();
        var lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var countLine = lineNumber;
            if (!int.TryParse(line.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                throw Error(source, countLine, $"expected the number of atoms of frame {frames.Count + 1}, found '{Shorten(line)}'");
            }

            var comment = reader.ReadLine() ?? throw Error(source, countLine + 1, "file ends before the comment line of the frame");
            lineNumber++;
            var header = ParseHeader(comment, source, lineNumber);
            var atomLines = new List<(int Line, string Text)>(count);
            for (var i = 0; i < count; i++)
            {
                var atomLine = reader.ReadLine();
                lineNumber++;
                if (atomLine == null || string.IsNullOrWhiteSpace(atomLine))
                {
                    throw Error(source, lineNumber, $"frame {frames.Count + 1} declares {count} atoms (line {countLine}) but has only {i}");
                }

                atomLines.Add((lineNumber, atomLine));
            }

            frames.Add(BuildFrame(header, atomLines, source));
        }

        if (frames.Count == 0)
        {
            throw new InputException($"{source}: no structures in the file");
        }

        return frames;
    }

    private sealed record Column(string Name, char Type, int Width);

    private sealed record Header(double[][] Cell, bool[] Pbc, IReadOnlyList<Column> Columns, List<KeyValuePair<string, JsonNode?>> Info);

    private static Header ParseHeader(string comment, string source, int line)
    {
        var pairs = KeyValueTokenizer.Split(comment);
        double[][] cell = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
        bool[]? pbc = null;
        var hasLattice = false;
        var columns = new List<Column> { new("species", 'S', 1), new("pos", 'R', 3) };
        var info = new List<KeyValuePair<string, JsonNode?>>();
        foreach (var (key, raw) in pairs)
        {
            switch (key)
            {
                case "Lattice":
                    cell = ParseLattice(raw, source, line);
                    hasLattice = true;
                    break;
                case "Properties":
                    columns = ParseProperties(raw, source, line);
                    break;
                case "pbc":
                    pbc = ParsePbc(raw, source, line);
                    break;
                default:
                    info.Add(new(key, InfoValueParser.Parse(raw)));
                    break;
            }
        }

        return new Header(cell, pbc ?? [hasLattice, hasLattice, hasLattice], columns, info);
    }

    private static double[][] ParseLattice(string raw, string source, int line)
    {
        var parts = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 9 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            throw Error(source, line, $"Lattice must hold 9 numbers (three cell vectors), found '{Shorten(raw)}'");
        }

        var v = parts.Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        return [[v[0], v[1], v[2]], [v[3], v[4], v[5]], [v[6], v[7], v[8]]];
    }

    private static bool[] ParsePbc(string raw, string source, int line)
    {
        var parts = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var flags = parts.Select(InfoValueParser.ParseBool).ToArray();
        if (flags.Length != 3 || flags.Any(f => f == null))
        {
            throw Error(source, line, $"pbc must hold three booleans such as \"T T T\", found '{Shorten(raw)}'");
        }

        return flags.Select(f => f!.Value).ToArray();
    }

    private static List<Column> ParseProperties(string raw, string source, int line)
    {
        var parts = raw.Split(':');
        if (parts.Length % 3 != 0)
        {
            throw Error(source, line, $"Properties must be name:type:count triples, found '{Shorten(raw)}'");
        }

        var columns = new List<Column>();
        for (var i = 0; i < parts.Length; i += 3)
        {
            var type = parts[i + 1].Length == 1 ? parts[i + 1][0] : '?';
            if (!"SRIL".Contains(type, StringComparison.Ordinal)
                || !int.TryParse(parts[i + 2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var width) || width < 1)
            {
                throw Error(source, line, $"Properties entry '{parts[i]}:{parts[i + 1]}:{parts[i + 2]}' needs a type of S, R, I or L and a positive count");
            }

            columns.Add(new Column(parts[i], type, width));
        }

        if (!columns.Any(c => c is { Name: "species" or "Z" }))
        {
            throw Error(source, line, "Properties has no species (or Z) column");
        }

        if (!columns.Any(c => c is { Name: "pos", Width: 3 }))
        {
            throw Error(source, line, "Properties has no pos:R:3 column");
        }

        return columns;
    }

    private static Structure BuildFrame(Header header, List<(int Line, string Text)> atomLines, string source)
    {
        var width = header.Columns.Sum(c => c.Width);
        var numbers = new int[atomLines.Count];
        var positions = new double[atomLines.Count][];
        var extra = header.Columns
            .Where(c => c.Name is not ("species" or "Z" or "pos"))
            .Select(c => (Column: c, Values: new JsonArray()))
            .ToList();
        for (var atom = 0; atom < atomLines.Count; atom++)
        {
            var (line, text) = atomLines[atom];
            var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != width)
            {
                throw Error(source, line, $"expected {width} columns ({string.Join(':', header.Columns.Select(c => $"{c.Name}:{c.Type}:{c.Width}"))}), found {fields.Length}");
            }

            var offset = 0;
            foreach (var column in header.Columns)
            {
                var cells = fields.AsSpan(offset, column.Width).ToArray();
                offset += column.Width;
                switch (column.Name)
                {
                    case "species":
                        numbers[atom] = ChemicalElements.TryGetNumber(cells[0], out var z)
                            ? z
                            : throw Error(source, line, $"unknown element '{cells[0]}'");
                        break;
                    case "Z":
                        numbers[atom] = int.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var zz) && zz is >= 1 and <= 118
                            ? zz
                            : throw Error(source, line, $"atomic number '{cells[0]}' is not between 1 and 118");
                        break;
                    case "pos":
                        positions[atom] = cells.Select(c => ParseReal(c, source, line, "pos")).ToArray();
                        break;
                    default:
                        var values = cells.Select(c => ParseCell(c, column, source, line)).ToArray();
                        extra.First(e => e.Column == column).Values.Add(values.Length == 1 ? values[0] : new JsonArray(values));
                        break;
                }
            }
        }

        return new Structure(
            numbers,
            positions,
            header.Cell,
            header.Pbc,
            header.Info,
            extra.Select(e => new KeyValuePair<string, JsonNode?>(e.Column.Name, e.Values)).ToList());
    }

    private static JsonValue? ParseCell(string cell, Column column, string source, int line) => column.Type switch
    {
        'R' => JsonValue.Create(ParseReal(cell, source, line, column.Name)),
        'I' => long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
            ? JsonValue.Create(i)
            : throw Error(source, line, $"column {column.Name} expects an integer, found '{cell}'"),
        'L' => InfoValueParser.ParseBool(cell) is { } b
            ? JsonValue.Create(b)
            : throw Error(source, line, $"column {column.Name} expects T or F, found '{cell}'"),
        _ => JsonValue.Create(cell),
    };

    private static double ParseReal(string cell, string source, int line, string column) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Error(source, line, $"column {column} expects a number, found '{cell}'");

    private static InputException Error(string source, int line, string message) => new($"{source} line {line}: {message}");

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
