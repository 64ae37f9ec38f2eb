using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoPipe.Core.Input;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Export;

/// <summary>
/// Writes the rows of an ASE database as extended XYZ training sets, one frame per row: the structure, the labels
/// (by default under ASE's own names, so <c>ase.io.read</c> gives them back as a SinglePointCalculator's results)
/// and the row's keys as info. Everything is checked before anything is written; each file is written to a temporary
/// name beside it and renamed into place, so a reader never sees half a file.
/// </summary>
public static partial class TrainingSetExporter
{
    private const int MaxProblems = 10;

    // Names the extxyz comment line uses for itself, and the columns every frame has.
    private static readonly HashSet<string> structural = new(["Lattice", "Properties", "pbc", "species", "pos", "Z"], StringComparer.Ordinal);

    // ASE reads info keys and arrays of these names back as calculator results (ase/io/extxyz.py).
    private static readonly HashSet<string> calculatorProperties = new(
        ["energy", "stress", "dipole", "magmom", "free_energy", "forces", "stresses", "charges", "magmoms", "energies"], StringComparer.Ordinal);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    /// <summary>Checks <paramref name="options"/> alone; returns every problem (empty when they are sound).</summary>
    public static IReadOnlyList<string> Validate(ExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        (string Option, string Key, string Default)[] labels =
        [
            ("--energy-key", options.EnergyKey, "energy"),
            ("--forces-key", options.ForcesKey, "forces"),
            ("--stress-key", options.StressKey, "stress"),
        ];
        foreach (var (option, key, own) in labels)
        {
            if (!Identifier().IsMatch(key))
            {
                problems.Add($"{option} '{key}': a key is a letter or _ followed by letters, digits or _");
            }
            else if (structural.Contains(key))
            {
                problems.Add($"{option} {key}: the extended XYZ format uses that name itself");
            }
            else if (key != own && calculatorProperties.Contains(key))
            {
                problems.Add($"{option} {key}: ASE would read it back as the calculator's {key}; choose another name (e.g. REF_{own})");
            }
        }

        foreach (var group in labels.Where(l => Identifier().IsMatch(l.Key)).GroupBy(l => l.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{string.Join(" and ", group.Select(l => l.Option))} name the same key {group.Key}");
        }

        if (options.Stress == StressLayout.Voigt && options.StressKey == "stress")
        {
            problems.Add("--stress voigt needs a --stress-key other than stress (ASE reads an info key named stress only as 9 values), e.g. --stress-key REF_stress");
        }

        if (options.EnergyKey == "free_energy" || (options.DefaultEnergyKey && (options.StressKey == "free_energy" || options.ForcesKey == "free_energy")))
        {
            problems.Add("free_energy is written beside energy; choose other label names");
        }

        return problems;
    }

    /// <summary>
    /// Exports <paramref name="databasePath"/> to <paramref name="output"/> (or, with a split, to one file per part
    /// named after it). <see cref="InputException"/> when the options, the database or the keys do not allow it;
    /// nothing is written then.
    /// </summary>
    public static ExportResult Export(string databasePath, string output, ExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Validate(options).ToList();
        var folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (!Directory.Exists(folder))
        {
            problems.Add($"--output {output}: folder {folder} does not exist");
        }

        if (!File.Exists(databasePath))
        {
            problems.Add($"{databasePath}: no such database");
        }

        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        var rows = AseResultsReader.ReadRows(databasePath).ToList();
        if (rows.Count == 0)
        {
            throw new InputException($"{databasePath} holds no rows: nothing to export");
        }

        var selected = options.Selection is null ? rows : rows.Where(options.Selection.Matches).ToList();
        if (selected.Count == 0)
        {
            throw new InputException($"--select {options.Selection!.Text}: no row of the {rows.Count} in {databasePath} matches; nothing written");
        }

        var frames = new List<(AseStoredRow Row, ExtxyzFrame Frame)>();
        foreach (var row in selected)
        {
            var frame = BuildFrame(row, options, problems);
            if (frame is not null)
            {
                frames.Add((row, frame));
            }
        }

        if (problems.Count > 0)
        {
            throw new InputException(problems.Count > MaxProblems ? [.. problems.Take(MaxProblems), $"... and {problems.Count - MaxProblems} more"] : problems);
        }

        var targets = options.Split.Count == 0
            ? [(Part: (string?)null, Path: output, Frames: frames.Select(f => f.Frame).ToList())]
            : options.Split.Select(part => (Part: (string?)part.Name, Path: DatasetSplit.FileFor(output, part.Name),
                Frames: frames.Where(f => DatasetSplit.PartOf(options.Split, options.Seed, f.Row.JobId).Name == part.Name).Select(f => f.Frame).ToList())).ToList();
        WriteAll(targets.Select(t => (t.Path, t.Frames)).ToList());
        return new ExportResult(rows.Count, selected.Count, targets.Select(t => new ExportedFile(t.Path, t.Part, t.Frames.Count)).ToList());
    }

    private static ExtxyzFrame? BuildFrame(AseStoredRow row, ExportOptions options, List<string> problems)
    {
        var where = $"row {row.Id.ToString(CultureInfo.InvariantCulture)} ({(row.JobId.Length > 0 ? row.JobId : "no job_id")})";
        var natoms = row.Numbers.Length;
        if (row.Energy is not double energy || row.Forces is not { } forces || forces.Length != natoms || row.Positions.Length != natoms)
        {
            problems.Add($"{where}: has no energy and forces for its {natoms} atoms");
            return null;
        }

        var info = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in row.KeyValuePairs)
        {
            AddInfo(info, key, value, where, problems);
        }

        if (row.Data["info"] is JsonObject unkeyable)
        {
            foreach (var (key, value) in unkeyable)
            {
                AddInfo(info, key, value, where, problems);
            }
        }

        var labels = new List<KeyValuePair<string, string>> { new(options.EnergyKey, ExtxyzText.Real(energy)) };
        if (options.DefaultEnergyKey && row.FreeEnergy is double free)
        {
            labels.Add(new("free_energy", ExtxyzText.Real(free)));
        }

        if (row.Stress is { Length: 6 } s)
        {
            // Voigt xx yy zz yz xz xy; the full matrix as ASE's writer flattens it (Fortran order of a symmetric matrix).
            double[] values = options.Stress == StressLayout.Voigt ? s : [s[0], s[5], s[4], s[5], s[1], s[3], s[4], s[3], s[2]];
            labels.Add(new(options.StressKey, "\"" + ExtxyzText.Reals(values) + "\""));
        }

        foreach (var label in labels.Where(l => info.Any(i => i.Key == l.Key)))
        {
            problems.Add($"{where}: its key {label.Key} collides with the label written as {label.Key}; choose another name (--energy-key, --stress-key)");
        }

        var columns = new List<ExtxyzColumn>();
        if (row.Data["arrays"] is JsonObject arrays)
        {
            foreach (var (name, values) in arrays)
            {
                if (name == options.ForcesKey)
                {
                    problems.Add($"{where}: its per-atom array {name} collides with the forces written as {name}; choose another name with --forces-key");
                }
                else if (structural.Contains(name) || !Identifier().IsMatch(name))
                {
                    problems.Add($"{where}: its per-atom array '{name}' cannot be written as an extended XYZ column");
                }
                else if (Column(name, values, natoms) is { } column)
                {
                    columns.Add(column);
                }
                else
                {
                    problems.Add($"{where}: its per-atom array {name} is not one value or one row of values per atom");
                }
            }
        }

        columns.Add(new ExtxyzColumn(options.ForcesKey, 'R', 3, forces.Select(f => f.Select(ExtxyzText.Real).ToArray()).ToArray()));
        return new ExtxyzFrame(
            row.Numbers.Select(ChemicalElements.Symbol).ToArray(),
            row.Positions,
            row.Cell,
            row.Pbc,
            [.. info, .. labels],
            columns);
    }

    private static void AddInfo(List<KeyValuePair<string, string>> info, string key, JsonNode? value, string where, List<string> problems)
    {
        if (structural.Contains(key))
        {
            problems.Add($"{where}: its key {key} is a name the extended XYZ format uses itself");
            return;
        }

        if (ExtxyzText.Value(value) is string formatted)
        {
            info.Add(new(key, formatted));
        }
    }

    private static ExtxyzColumn? Column(string name, JsonNode? values, int natoms)
    {
        if (values is not JsonArray perAtom || perAtom.Count != natoms || natoms == 0)
        {
            return null;
        }

        var cells = perAtom.Select(v => v is JsonArray row ? row.ToArray() : [v]).ToArray();
        var width = cells[0].Length;
        var all = cells.SelectMany(c => c).ToList();
        if (width == 0 || cells.Any(c => c.Length != width) || all.Any(v => v is not JsonValue))
        {
            return null;
        }

        var kinds = all.Select(v => v!.GetValueKind()).Distinct().ToList();
        if (kinds.All(k => k is JsonValueKind.True or JsonValueKind.False))
        {
            return new ExtxyzColumn(name, 'L', width, cells.Select(c => c.Select(v => v!.GetValueKind() == JsonValueKind.True ? "T" : "F").ToArray()).ToArray());
        }

        if (kinds is [JsonValueKind.Number])
        {
            var integral = all.All(v => !v!.ToJsonString().Contains('.', StringComparison.Ordinal) && !v.ToJsonString().Contains('e', StringComparison.OrdinalIgnoreCase));
            return new ExtxyzColumn(name, integral ? 'I' : 'R', width,
                cells.Select(c => c.Select(v => integral ? v!.ToJsonString() : ExtxyzText.Real(Json.JsonNumbers.ToDouble((JsonValue)v!))).ToArray()).ToArray());
        }

        if (kinds is [JsonValueKind.String] && all.All(v => v!.GetValue<string>() is { Length: > 0 } s && !s.Any(char.IsWhiteSpace)))
        {
            return new ExtxyzColumn(name, 'S', width, cells.Select(c => c.Select(v => v!.GetValue<string>()).ToArray()).ToArray());
        }

        return null;
    }

    private static void WriteAll(List<(string Path, List<ExtxyzFrame> Frames)> targets)
    {
        var temporaries = new List<(string Temporary, string Path)>();
        try
        {
            foreach (var (path, frames) in targets)
            {
                var temporary = $"{path}.tmp-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
                temporaries.Add((temporary, path));
                using var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
                using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
                {
                    foreach (var frame in frames)
                    {
                        frame.WriteTo(writer);
                    }
                }

                stream.Flush(flushToDisk: true);
            }

            foreach (var (temporary, path) in temporaries)
            {
                File.Move(temporary, path, overwrite: true);
            }
        }
        finally
        {
            foreach (var (temporary, _) in temporaries)
            {
                File.Delete(temporary);
            }
        }
    }
}
