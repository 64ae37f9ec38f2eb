using System.Text.Json;

namespace AutoPipe.Core.Spec;

/// <summary>
/// Reads typed fields of one JSON object of a spec, collecting every problem (with the field's dotted path)
/// instead of stopping at the first, and flagging fields nobody asked for, so typos do not pass silently.
/// </summary>
internal sealed class SpecFieldReader
{
    private readonly JsonElement element;
    private readonly string path;
    private readonly List<string> problems;
    private readonly HashSet<string> known = new(StringComparer.Ordinal);

    public SpecFieldReader(JsonElement element, string path, List<string> problems)
    {
        this.element = element;
        this.path = path;
        this.problems = problems;
    }

    public string Path(string field) => path.Length == 0 ? field : $"{path}.{field}";

    public void Problem(string field, string message) => problems.Add($"{Path(field)}: {message}");

    public bool TryGet(string field, out JsonElement value)
    {
        known.Add(field);
        if (element.TryGetProperty(field, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    public string? String(string field, bool required = false)
    {
        if (!TryGet(field, out var value))
        {
            if (required)
            {
                Problem(field, "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Problem(field, $"must be a string, got {Describe(value)}");
            return null;
        }

        return value.GetString();
    }

    public int? Integer(string field, int min, int max = int.MaxValue)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            Problem(field, $"must be a whole number, got {Describe(value)}");
            return null;
        }

        if (number < min || number > max)
        {
            Problem(field, max == int.MaxValue ? $"must be at least {min}, got {number}" : $"must be between {min} and {max}, got {number}");
            return null;
        }

        return (int)number;
    }

    public double? Number(string field, double min, bool exclusiveMin = false)
    {
        if (!TryGet(field, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            Problem(field, $"must be a number, got {Describe(value)}");
            return null;
        }

        var number = value.GetDouble();
        if (!double.IsFinite(number) || number < min || (exclusiveMin && number <= min))
        {
            Problem(field, $"must be {(exclusiveMin ? "greater than" : "at least")} {min}, got {value.GetRawText()}");
            return null;
        }

        return number;
    }

    public SpecFieldReader? Object(string field, bool required = false)
    {
        if (!TryGet(field, out var value))
        {
            if (required)
            {
                Problem(field, "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Problem(field, $"must be an object, got {Describe(value)}");
            return null;
        }

        return new SpecFieldReader(value, Path(field), problems);
    }

    public IEnumerable<JsonProperty> Properties() => element.EnumerateObject();

    /// <summary>Reports every field of this object that no reader asked for.</summary>
    public void RejectUnknown()
    {
        foreach (var property in element.EnumerateObject().Where(p => !known.Contains(p.Name)))
        {
            var hint = known.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase)
                                                 || Levenshtein(k, property.Name) <= 2);
            problems.Add(hint == null
                ? $"{Path(property.Name)}: unknown field (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})"
                : $"{Path(property.Name)}: unknown field; did you mean '{hint}'?");
        }
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{value.GetString()}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static int Levenshtein(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }
}
