using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoPipe.Core.Json;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Storage;

/// <summary>
/// Maps a job's keys and its frame's info keys onto ASE's key_value_pairs, which refuse reserved names
/// (<c>energy</c>, <c>calculator</c>, element symbols, ... — <c>reserved_keys</c> in ase/db/core.py), names that
/// are not identifiers, arrays, and strings that read as numbers. Nothing is dropped: a reserved name is kept as
/// <c>info_&lt;name&gt;</c> (recorded in data["renamed_keys"]), and what no key can hold goes to data["info"].
/// </summary>
public static partial class AseKeyValues
{
    private static readonly HashSet<string> reserved = new(
        new[]
        {
            "energy", "forces", "stress", "stresses", "dipole", "charges", "magmom", "magmoms", "free_energy", "energies",
            "positions", "numbers", "cell", "pbc", "initial_charges", "initial_magmoms",
            "id", "unique_id", "ctime", "mtime", "user", "fmax", "smax", "momenta", "constraints", "natoms", "formula",
            "age", "calculator", "calculator_parameters", "key_value_pairs", "data",
        }.Concat(ChemicalElements.Symbols),
        StringComparer.Ordinal);

    [GeneratedRegex("^[_a-zA-Z][_0-9a-zA-Z]*$")]
    private static partial Regex Word();

    /// <summary>Whether ASE accepts <paramref name="key"/> as a key_value_pairs name.</summary>
    public static bool IsValidKey(string key) => Word().IsMatch(key) && !reserved.Contains(key);

    /// <summary>
    /// Builds key_value_pairs from <paramref name="ownKeys"/> (AutoPipe's keys, always valid) followed by the info
    /// keys of <paramref name="info"/>; fills <paramref name="data"/> with what cannot be a key.
    /// </summary>
    public static List<KeyValuePair<string, JsonNode>> Build(
        IEnumerable<KeyValuePair<string, JsonNode>> ownKeys,
        IEnumerable<KeyValuePair<string, JsonNode?>> info,
        JsonObject data)
    {
        var pairs = ownKeys.ToList();
        var used = pairs.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var renamed = new JsonObject();
        var unkeyable = new JsonObject();
        foreach (var (key, value) in info)
        {
            if (used.Contains(key) && IsOwnCopy(pairs, key, value))
            {
                continue;
            }

            var scalar = AsScalar(value);
            var name = IsValidKey(key) && !used.Contains(key) ? key : "info_" + key;
            if (scalar != null && IsValidKey(name) && !used.Contains(name))
            {
                pairs.Add(new(name, scalar));
                used.Add(name);
                if (name != key)
                {
                    renamed[name] = key;
                }
            }
            else
            {
                unkeyable[key] = value?.DeepClone();
            }
        }

        if (renamed.Count > 0)
        {
            data["renamed_keys"] = renamed;
        }

        if (unkeyable.Count > 0)
        {
            data["info"] = unkeyable;
        }

        return pairs;
    }

    /// <summary>A frame's own job_id info key repeats AutoPipe's job_id key: keep one.</summary>
    private static bool IsOwnCopy(List<KeyValuePair<string, JsonNode>> pairs, string key, JsonNode? value) =>
        value != null && JsonNode.DeepEquals(pairs.First(p => p.Key == key).Value, value);

    /// <summary>A value ASE keeps as a key: a finite number, a boolean, or a text that does not read as a number.</summary>
    private static JsonNode? AsScalar(JsonNode? value)
    {
        if (value is not JsonValue scalar)
        {
            return null;
        }

        switch (scalar.GetValueKind())
        {
            case JsonValueKind.True or JsonValueKind.False:
                return scalar.DeepClone();
            case JsonValueKind.Number:
                return double.IsFinite(JsonNumbers.ToDouble(scalar)) ? scalar.DeepClone() : null;
        }

        if (scalar.TryGetValue<string>(out var text))
        {
            // ASE refuses a text that int() or float() would accept, including "nan" and "inf".
            var trimmed = text.Trim();
            var numeric = double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                          || trimmed.ToLowerInvariant().TrimStart('+', '-') is "nan" or "inf" or "infinity";
            return numeric ? null : scalar.DeepClone();
        }

        return null;
    }
}
