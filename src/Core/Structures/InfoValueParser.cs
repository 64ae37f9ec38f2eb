using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AutoPipe.Core.Structures;

/// <summary>
/// Turns an extxyz info value into the type ASE would give it: an int, else a float, else T/F booleans,
/// each alone or as an array, else the string itself.
/// </summary>
internal static partial class InfoValueParser
{
    [GeneratedRegex(@"[^\s,]+")]
    private static partial Regex Token();

    public static JsonNode? Parse(string raw)
    {
        var tokens = Token().Matches(raw).Select(m => m.Value).ToArray();
        if (tokens.Length == 0)
        {
            return JsonValue.Create(raw);
        }

        if (tokens.All(t => long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            var ints = tokens.Select(t => long.Parse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray();
            return ints.Length == 1 ? JsonValue.Create(ints[0]) : new JsonArray(ints.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());
        }

        if (tokens.All(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            var reals = tokens.Select(t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            return reals.Length == 1 ? JsonValue.Create(reals[0]) : new JsonArray(reals.Select(r => (JsonNode?)JsonValue.Create(r)).ToArray());
        }

        var bools = tokens.Select(ParseStrictBool).ToArray();
        if (bools.All(b => b != null))
        {
            return bools.Length == 1 ? JsonValue.Create(bools[0]!.Value) : new JsonArray(bools.Select(b => (JsonNode?)JsonValue.Create(b!.Value)).ToArray());
        }

        return JsonValue.Create(raw);
    }

    /// <summary>ASE's info values accept only T and F as booleans.</summary>
    private static bool? ParseStrictBool(string token) => token switch
    {
        "T" => true,
        "F" => false,
        _ => null,
    };

    /// <summary>The pbc flags and logical columns also accept True/False, as ASE's reader does.</summary>
    public static bool? ParseBool(string token) => token switch
    {
        "T" or "True" or "true" => true,
        "F" or "False" or "false" => false,
        _ => null,
    };
}
