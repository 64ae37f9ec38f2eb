using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoPipe.Core.Input;
using AutoPipe.Core.Json;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Export;

/// <summary>
/// The subset of ASE's query syntax (<c>ase.db.core.parse_selection</c>, as <c>ase db</c> takes it) that AutoPipe
/// evaluates: conditions joined by commas (all must hold), each <c>key</c> (the row has the key), an element
/// symbol (the row contains it), or <c>key OP value</c> with OP one of <c>= != &lt; &lt;= &gt; &gt;=</c>. A key is a
/// row key (<c>job_id</c>, <c>attempts</c>, <c>config_type</c>, ...), <c>id</c>, <c>natoms</c>, <c>energy</c>,
/// <c>fmax</c>, <c>smax</c>, <c>volume</c>, <c>calculator</c>, or an element symbol (its atom count). Values read as
/// ASE reads them: an integer, else a number, else True/False, else text. As in ASE, a row without the key never
/// matches, and a number never equals a text.
/// </summary>
public sealed partial class RowSelection
{
    private static readonly string[] operators = ["!=", "<=", ">=", "<", ">", "="];
    private static readonly HashSet<string> numericColumns = new(["id", "natoms", "energy", "fmax", "smax", "volume"], StringComparer.Ordinal);
    private static readonly HashSet<string> refusedKeys = new(["age", "formula", "user", "ctime", "mtime", "unique_id", "charge", "mass", "magmom"], StringComparer.Ordinal);

    private readonly List<Func<AseStoredRow, bool>> conditions;

    private RowSelection(string text, List<Func<AseStoredRow, bool>> conditions)
    {
        Text = text;
        this.conditions = conditions;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    /// <summary>The selection as given.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="text"/>; <see cref="InputException"/> names every condition it cannot evaluate.</summary>
    public static RowSelection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var conditions = new List<Func<AseStoredRow, bool>>();
        var problems = new List<string>();
        foreach (var expression in text.Split(',', StringSplitOptions.TrimEntries))
        {
            try
            {
                conditions.Add(ParseCondition(expression));
            }
            catch (FormatException e)
            {
                problems.Add($"--select: '{expression}': {e.Message}");
            }
        }

        return problems.Count > 0 ? throw new InputException(problems) : new RowSelection(text, conditions);
    }

    /// <summary>Whether <paramref name="row"/> satisfies every condition.</summary>
    public bool Matches(AseStoredRow row) => conditions.TrueForAll(c => c(row));

    private static Func<AseStoredRow, bool> ParseCondition(string expression)
    {
        if (expression.Length == 0)
        {
            throw new FormatException("empty condition");
        }

        if (expression.Count(c => c == '<') + expression.Count(c => c == '>') >= 2 || expression.Contains('|', StringComparison.Ordinal)
            || expression.Contains('(', StringComparison.Ordinal) || expression.Contains('~', StringComparison.Ordinal))
        {
            throw new FormatException("only single comparisons joined by commas are supported (write 1<x,x<2 as x>1,x<2; no 'or', parentheses or ranges)");
        }

        var op = operators.FirstOrDefault(o => expression.Contains(o, StringComparison.Ordinal));
        if (op is null)
        {
            return ParseBare(expression);
        }

        var at = expression.IndexOf(op, StringComparison.Ordinal);
        var key = expression[..at].Trim();
        var text = expression[(at + op.Length)..].Trim();
        if (!Identifier().IsMatch(key))
        {
            throw new FormatException($"'{key}' is not a key");
        }

        if (refusedKeys.Contains(key))
        {
            throw new FormatException($"the key {key} is not supported here (supported: row keys, id, natoms, energy, fmax, smax, volume, calculator, element symbols)");
        }

        if (text.Length == 0 || operators.Any(o => text.Contains(o, StringComparison.Ordinal)))
        {
            throw new FormatException("expected KEY OP VALUE");
        }

        var value = Convert(text);
        if (ChemicalElements.TryGetNumber(key, out var z))
        {
            if (value is not long count)
            {
                throw new FormatException($"an atom count of {key} must be an integer");
            }

            return row => Compare(row.Numbers.Count(n => n == z), count, op);
        }

        if (numericColumns.Contains(key))
        {
            if (value is not (long or double))
            {
                throw new FormatException($"{key} must be compared with a number");
            }

            var number = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
            return row => Column(row, key) is double actual && Compare(actual, number, op);
        }

        if (key == "calculator")
        {
            return row => CompareText(row.Calculator, value is string s ? s : text, op);
        }

        return row => row.KeyValuePairs[key] is JsonValue stored && CompareKey(stored, value, op);
    }

    private static Func<AseStoredRow, bool> ParseBare(string expression)
    {
        if (ChemicalElements.TryGetNumber(expression, out var z) && ChemicalElements.Symbol(z) == expression)
        {
            return row => row.Numbers.Contains(z);
        }

        if (!Identifier().IsMatch(expression) || IsFormula(expression))
        {
            throw new FormatException("expected a key, an element symbol or KEY OP VALUE (formulas such as Si2 are not supported: write Si>1)");
        }

        if (refusedKeys.Contains(expression))
        {
            throw new FormatException($"the key {expression} is not supported here");
        }

        return numericColumns.Contains(expression) || expression == "calculator"
            ? row => expression == "calculator" ? row.Calculator.Length > 0 : Column(row, expression) is not null
            : row => row.KeyValuePairs.ContainsKey(expression);
    }

    /// <summary>Whether ASE would read a bare word as a chemical formula (Si2, SiO2), which this subset does not evaluate.</summary>
    private static bool IsFormula(string word)
    {
        var symbols = Formula().Matches(word);
        return symbols.Sum(m => m.Length) == word.Length && symbols.All(m => ChemicalElements.TryGetNumber(m.Groups[1].Value, out _));
    }

    [GeneratedRegex("([A-Z][a-z]?)([0-9]*)")]
    private static partial Regex Formula();

    /// <summary>ase.db.core.convert_str_to_int_float_or_str.</summary>
    private static object Convert(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }

        return text switch { "True" => true, "False" => false, _ => text };
    }

    private static double? Column(AseStoredRow row, string key) => key switch
    {
        "id" => row.Id,
        "natoms" => row.Numbers.Length,
        "energy" => row.Energy,
        "fmax" => row.Fmax,
        "smax" => row.Smax,
        "volume" => row.Volume,
        _ => null,
    };

    private static bool CompareKey(JsonValue stored, object value, string op)
    {
        switch (stored.GetValueKind())
        {
            case JsonValueKind.String:
                return value is string text && CompareText(stored.GetValue<string>(), text, op);
            case JsonValueKind.True or JsonValueKind.False:
                var flag = stored.GetValueKind() == JsonValueKind.True ? 1.0 : 0.0;
                return value switch
                {
                    bool b => Compare(flag, b ? 1 : 0, op),
                    long or double => Compare(flag, System.Convert.ToDouble(value, CultureInfo.InvariantCulture), op),
                    _ => false,
                };
            default:
                var number = JsonNumbers.ToDouble(stored);
                return value switch
                {
                    bool b => Compare(number, b ? 1 : 0, op),
                    long or double => Compare(number, System.Convert.ToDouble(value, CultureInfo.InvariantCulture), op),
                    _ => false,
                };
        }
    }

    private static bool Compare(double actual, double expected, string op) => op switch
    {
        "=" => actual == expected,
        "!=" => actual != expected,
        "<" => actual < expected,
        "<=" => actual <= expected,
        ">" => actual > expected,
        _ => actual >= expected,
    };

    private static bool CompareText(string actual, string expected, string op)
    {
        var order = string.CompareOrdinal(actual, expected);
        return op switch
        {
            "=" => order == 0,
            "!=" => order != 0,
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        };
    }
}
