using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutoPipe.Core.Json;

/// <summary>Reads numbers, strings and booleans out of <see cref="JsonNode"/> values whatever backs them.</summary>
internal static class JsonNumbers
{
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

        if (json.TryGetValue(out double d))
        {
            value = d;
            return true;
        }

        if (json.TryGetValue(out int i))
        {
            value = i;
            return true;
        }

        if (json.TryGetValue(out long l))
        {
            value = l;
            return true;
        }

        if (json.TryGetValue(out float f))
        {
            value = f;
            return true;
        }

        if (json.TryGetValue(out decimal m))
        {
            value = (double)m;
            return true;
        }

        return false;
    }

    /// <summary>The number in <paramref name="value"/>; throws when it holds none.</summary>
    public static double ToDouble(JsonValue value) =>
        TryGetDouble(value, out var number) ? number : throw new FormatException($"not a number: {value.ToJsonString()}");

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

        if (json.TryGetValue(out long l))
        {
            value = l;
            return true;
        }

        return false;
    }

    public static string? GetString(JsonNode? node) =>
        node is JsonValue json && json.GetValueKind() == JsonValueKind.String ? json.GetValue<string>() : null;

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
