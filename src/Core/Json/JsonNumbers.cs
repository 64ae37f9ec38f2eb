using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutoPipe.Core.Json;

/// <summary>Reads numbers, strings and booleans out of <see cref="JsonNode"/> values whatever backs them.</summary>
public static class JsonNumbers
{
    /// <summary>
    /// The number in <paramref name="node"/>, however it was made: parsed from text (the common, allocation-free
    /// case) or created from any numeric CLR type in code.
    /// </summary>
    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue json)
        {
            return false;
        }

        if (json.TryGetValue(out JsonElement element))
        {
            return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value);
        }

        // Created in code from an int, long, float, double or decimal: its JSON text is the number.
        return json.GetValueKind() == JsonValueKind.Number
               && double.TryParse(json.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The number in <paramref name="value"/>; throws when it holds none.</summary>
    public static double ToDouble(JsonValue value) =>
        TryGetDouble(value, out var number) ? number : throw new FormatException($"not a number: {value.ToJsonString()}");

    /// <summary>The whole number in <paramref name="node"/>: parsed integral text, or an int or long made in code (a double is not one).</summary>
    public static bool TryGetLong(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue json)
        {
            return false;
        }

        if (json.TryGetValue(out JsonElement element))
        {
            return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value);
        }

        if (json.TryGetValue(out int i))
        {
            value = i;
            return true;
        }

        return json.TryGetValue(out value);
    }

    /// <summary>The string in <paramref name="node"/>, or null when it holds none.</summary>
    public static string? GetString(JsonNode? node) =>
        node is JsonValue json && json.GetValueKind() == JsonValueKind.String ? json.GetValue<string>() : null;

    /// <summary>The boolean in <paramref name="node"/>, or null when it holds none.</summary>
    public static bool? GetBoolean(JsonNode? node) =>
        node?.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };

    /// <summary>Shortest round-trip text of a double, as Python's <c>repr</c> (and Fortran's reader) accept it.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
