using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoPipe.Core.Json;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Calculators.Espresso;

/// <summary>
/// Writes a pw.x input (<c>espresso.pwi</c>) the way ASE 3.22's <c>write_espresso_in</c> does: flat keywords placed
/// into their namelists by <c>KEYS</c>, species with ASE's masses, cell and positions in Angstrom, a Monkhorst-Pack
/// grid or the Gamma point. Pure: no file system, no clock.
/// </summary>
public static class EspressoInputWriter
{
    /// <summary>The input file's name inside the attempt folder.</summary>
    public const string InputFileName = "espresso.pwi";

    /// <summary>pw.x's scratch folder, relative to the attempt folder (where the charge density of a restart lives).</summary>
    public const string OutDir = "./out";

    /// <summary>pw.x's file prefix inside <see cref="OutDir"/>.</summary>
    public const string Prefix = "pwscf";

    // Keywords AutoPipe sets itself: a campaign that sets them differently would compute something we do not parse
    // (a relaxation, no forces) or write where restarts do not look.
    private static readonly Dictionary<string, string> managedValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["calculation"] = "'scf'",
        ["tstress"] = ".true.",
        ["tprnfor"] = ".true.",
        ["outdir"] = $"'{OutDir}'",
        ["prefix"] = $"'{Prefix}'",
    };

    // Derived from the structure and the pseudopotentials; never taken from the parameters.
    private static readonly HashSet<string> derivedKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "pseudo_dir", "nat", "ntyp", "ibrav", "celldm", "A", "B", "C", "cosAB", "cosAC", "cosBC",
    };

    /// <summary>
    /// The pw.x input text. Throws <see cref="CalculationFailedException"/> with <see cref="FailureKind.InputError"/>
    /// for a keyword ASE does not know, a keyword AutoPipe manages, a value pw.x cannot take, an element without a
    /// pseudopotential, or a structure without a cell.
    /// </summary>
    /// <param name="structure">The atoms; the cell must have a non-zero volume (pw.x is periodic in 3D).</param>
    /// <param name="parameters">Flat pw.x keywords (no reserved <see cref="EspressoParameterKeys"/>).</param>
    /// <param name="kpts">Monkhorst-Pack grid, or null for <c>K_POINTS gamma</c>.</param>
    /// <param name="pseudopotentials">Element symbol to file name inside <paramref name="pseudoDir"/>.</param>
    /// <param name="pseudoDir">The folder pw.x reads the pseudopotentials from.</param>
    public static string Write(
        Structure structure,
        IReadOnlyDictionary<string, JsonNode> parameters,
        int[]? kpts,
        IReadOnlyDictionary<string, string> pseudopotentials,
        string pseudoDir)
    {
        var sections = PlaceKeywords(parameters);
        sections["CONTROL"].AddRange(
        [
            ("calculation", "'scf'"), ("tstress", ".true."), ("tprnfor", ".true."), ("outdir", $"'{OutDir}'"),
            ("prefix", $"'{Prefix}'"), ("pseudo_dir", Quote(pseudoDir)),
        ]);
        SortLikeAse(sections);

        if (structure.AtomCount == 0)
        {
            throw InputError("the structure has no atoms");
        }

        if (structure.Volume < 1e-6)
        {
            throw InputError("pw.x needs a periodic cell with a non-zero volume");
        }

        var species = structure.Symbols.Distinct(StringComparer.Ordinal).ToList();
        foreach (var symbol in species)
        {
            if (!pseudopotentials.ContainsKey(symbol))
            {
                throw InputError($"no pseudopotential for element {symbol}");
            }
        }

        // ASE appends the computed keywords after the user's, in this order.
        sections["SYSTEM"].Add(("ntyp", species.Count.ToString(CultureInfo.InvariantCulture)));
        sections["SYSTEM"].Add(("nat", structure.AtomCount.ToString(CultureInfo.InvariantCulture)));
        sections["SYSTEM"].Add(("ibrav", "0"));

        var text = new StringBuilder();
        foreach (var (namelist, _) in EspressoKeywords.Namelists)
        {
            var entries = sections[namelist];
            // pw.x warns about (and for scf ignores) an empty &IONS or &CELL, so they are left out when empty.
            if (entries.Count == 0 && namelist is "IONS" or "CELL")
            {
                continue;
            }

            text.Append('&').Append(namelist).Append('\n');
            foreach (var (key, value) in entries)
            {
                text.Append("   ").Append(key.PadRight(16)).Append(" = ").Append(value).Append('\n');
            }

            text.Append("/\n");
        }

        text.Append("\nATOMIC_SPECIES\n");
        foreach (var symbol in species)
        {
            ChemicalElements.TryGetNumber(symbol, out var number);
            text.Append(symbol).Append(' ').Append(JsonNumbers.Format(ChemicalElements.Mass(number)))
                .Append(' ').Append(pseudopotentials[symbol]).Append('\n');
        }

        text.Append('\n');
        if (kpts is null)
        {
            text.Append("K_POINTS gamma\n\n");
        }
        else
        {
            if (kpts.Length != 3 || kpts.Any(k => k < 1))
            {
                throw InputError($"kpts must be three positive integers, got [{string.Join(", ", kpts)}]");
            }

            text.Append(CultureInfo.InvariantCulture, $"K_POINTS automatic\n{kpts[0]} {kpts[1]} {kpts[2]}  0 0 0\n\n");
        }

        text.Append("CELL_PARAMETERS angstrom\n");
        foreach (var row in structure.Cell)
        {
            text.Append(CultureInfo.InvariantCulture, $"{row[0]:F14} {row[1]:F14} {row[2]:F14}\n");
        }

        text.Append("\nATOMIC_POSITIONS angstrom\n");
        var symbols = structure.Symbols.ToList();
        for (var i = 0; i < structure.AtomCount; i++)
        {
            var p = structure.Positions[i];
            text.Append(CultureInfo.InvariantCulture, $"{symbols[i]} {p[0]:F10} {p[1]:F10} {p[2]:F10}\n");
        }

        text.Append('\n');
        return text.ToString();
    }

    /// <summary>The namelist each keyword goes to, or an input error for one ASE does not know.</summary>
    private static Dictionary<string, List<(string Key, string Value)>> PlaceKeywords(IReadOnlyDictionary<string, JsonNode> parameters)
    {
        var sections = EspressoKeywords.Namelists.ToDictionary(n => n.Namelist, _ => new List<(string Key, string Value)>(), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unknown = new List<string>();
        foreach (var (key, node) in parameters)
        {
            if (!seen.Add(key))
            {
                throw InputError($"keyword {key} is given twice (pw.x keywords are case-insensitive)");
            }

            if (EspressoParameterKeys.IsReserved(key))
            {
                throw InputError($"{key} is an AutoPipe instruction, not a pw.x keyword; the calculator must resolve it first");
            }

            var namelist = EspressoKeywords.NamelistOf(key);
            if (namelist is null)
            {
                unknown.Add(key);
                continue;
            }

            var value = FormatValue(key, node);
            if (managedValues.TryGetValue(key, out var managed))
            {
                if (!string.Equals(value, managed, StringComparison.OrdinalIgnoreCase))
                {
                    throw InputError($"{key} is set by AutoPipe to {managed}; remove it from the parameters");
                }

                continue;
            }

            if (derivedKeys.Contains(EspressoKeywords.BaseName(key)))
            {
                throw InputError($"{key} is derived from the structure and the spec; remove it from the parameters");
            }

            sections[namelist].Add((key.ToLowerInvariant(), value));
        }

        if (unknown.Count > 0)
        {
            throw InputError($"unknown pw.x keyword(s): {string.Join(", ", unknown)}");
        }

        return sections;
    }

    /// <summary>Orders each namelist as ASE does: by <c>KEYS</c>, an indexed keyword right after its base name.</summary>
    private static void SortLikeAse(Dictionary<string, List<(string Key, string Value)>> sections)
    {
        foreach (var (namelist, keys) in EspressoKeywords.Namelists)
        {
            var entries = sections[namelist];
            var ordered = entries
                .Select((entry, index) => (entry, index))
                .OrderBy(e => Array.FindIndex(keys, k => string.Equals(k, EspressoKeywords.BaseName(e.entry.Key), StringComparison.OrdinalIgnoreCase)))
                .ThenBy(e => e.entry.Key.Contains('(', StringComparison.Ordinal) ? 1 : 0)
                .ThenBy(e => e.index)
                .Select(e => e.entry)
                .ToList();
            entries.Clear();
            entries.AddRange(ordered);
        }
    }

    private static string FormatValue(string key, JsonNode? node)
    {
        switch (node?.GetValueKind())
        {
            case JsonValueKind.True:
                return ".true.";
            case JsonValueKind.False:
                return ".false.";
            case JsonValueKind.String:
                return Quote(node.GetValue<string>());
            case JsonValueKind.Number when JsonNumbers.TryGetLong(node, out var integer):
                return integer.ToString(CultureInfo.InvariantCulture);
            case JsonValueKind.Number when JsonNumbers.TryGetDouble(node, out var real) && double.IsFinite(real):
                return JsonNumbers.Format(real);
            default:
                throw InputError($"{key} must be a number, a string or a boolean; indexed keywords are written as {key}(1)");
        }
    }

    // Fortran strings escape a quote by doubling it.
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static CalculationFailedException InputError(string message) => new(FailureKind.InputError, message);
}
