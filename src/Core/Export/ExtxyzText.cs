using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoPipe.Core.Json;

namespace AutoPipe.Core.Export;

/// <summary>
/// Values of an extended XYZ comment line as <c>ase.io.extxyz.key_val_str_to_dict</c> reads them back: numbers
/// at full precision (a real always with a point or an exponent, so it is not read as an integer), booleans as
/// T/F, vectors of numbers or booleans as a quoted, space-separated list, anything else (and a text ASE would read as a
/// number or a boolean) as <c>_JSON</c>.
/// </summary>
internal static class ExtxyzText
{
    /// <summary>A real that Python's float() reads back to the same bits and int() refuses.</summary>
    public static string Real(double value)
    {
        var text = JsonNumbers.Format(value);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) || !double.IsFinite(value) ? text : text + ".0";
    }

    public static string Reals(IEnumerable<double> values) => string.Join(' ', values.Select(Real));

    /// <summary>Whether ASE reads <paramref name="text"/> back as this text (not as a number, a boolean or JSON).</summary>
    public static bool ReadsBackAsText(string text)
    {
        var parts = text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        if (text.StartsWith("_JSON ", StringComparison.Ordinal) || text.Contains('\n', StringComparison.Ordinal))
        {
            return false;
        }

        // An empty value cannot be written at all: the comment-line parser would take the next key as its text.
        return parts.Length > 0
            && !(parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || IsPythonSpecialFloat(p))
                 || parts.All(p => p is "T" or "F"));
    }

    /// <summary>One info value; null when the value cannot be written.</summary>
    public static string? Value(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonValue scalar:
                return scalar.GetValueKind() switch
                {
                    JsonValueKind.String => Text(scalar.GetValue<string>()),
                    JsonValueKind.True => "T",
                    JsonValueKind.False => "F",
                    JsonValueKind.Number => Number(scalar),
                    _ => null,
                };
            case JsonArray array when array.Count > 0 && array.All(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.Number):
                return Quote(string.Join(' ', array.Select(e => Number((JsonValue)e!))));
            case JsonArray array when array.Count > 0 && array.All(e => e is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False):
                return Quote(string.Join(' ', array.Select(e => e!.GetValueKind() == JsonValueKind.True ? "T" : "F")));
            default:
                return Quote("_JSON " + value.ToJsonString());
        }
    }

    /// <summary>A text value; one that ASE would read back as something else (a number, a boolean) goes as JSON.</summary>
    public static string Text(string text) =>
        ReadsBackAsText(text) ? Quote(text) : Quote("_JSON " + JsonSerializer.Serialize(text));

    /// <summary>A number as its JSON text says: an integer stays an integer, a real keeps its point.</summary>
    public static string Number(JsonValue value)
    {
        var json = value.ToJsonString();
        return json.Contains('.', StringComparison.Ordinal) || json.Contains('e', StringComparison.OrdinalIgnoreCase)
            ? Real(JsonNumbers.ToDouble(value))
            : json;
    }

    /// <summary>Quotes and escapes a text when the comment-line parser would otherwise split or change it.</summary>
    public static string Quote(string text)
    {
        if (text.Length > 0 && !text.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '{' or '}' or '[' or ']' or '=' or '\\' or ','))
        {
            return text;
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }

            quoted.Append(c is '\n' or '\r' ? ' ' : c);
        }

        return quoted.Append('"').ToString();
    }

    private static bool IsPythonSpecialFloat(string text) =>
        text.ToLowerInvariant().TrimStart('+', '-') is "nan" or "inf" or "infinity";
}
