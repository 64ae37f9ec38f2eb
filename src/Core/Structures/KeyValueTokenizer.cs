using System.Text;

namespace AutoPipe.Core.Structures;

/// <summary>
/// Splits an extxyz comment line into key/value pairs exactly as <c>ase.io.extxyz.key_val_str_to_dict</c> does:
/// whitespace separates pairs, quotes and brackets delimit values, a backslash escapes, a bare key means "T".
/// </summary>
internal static class KeyValueTokenizer
{
    private static readonly Dictionary<char, char> closingDelimiters = new()
    {
        ['\''] = '\'',
        ['"'] = '"',
        ['{'] = '}',
        ['['] = ']',
    };

    public static List<(string Key, string Value)> Split(string line)
    {
        var pairs = new List<List<StringBuilder>> { new() { new StringBuilder() } };
        char? closing = null;
        var escaped = false;
        foreach (var c in line.Trim())
        {
            var current = pairs[^1];
            if (escaped)
            {
                current[^1].Append(c);
                escaped = false;
            }
            else if (c == '\\')
            {
                escaped = true;
            }
            else if (closing != null)
            {
                if (c == closing)
                {
                    closing = null;
                }
                else
                {
                    current[^1].Append(c);
                }
            }
            else if (closingDelimiters.TryGetValue(c, out var close))
            {
                closing = close;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (current[^1].Length > 0)
                {
                    pairs.Add([new StringBuilder()]);
                }
            }
            else if (c == '=')
            {
                current.Add(new StringBuilder());
            }
            else
            {
                current[^1].Append(c);
            }
        }

        return pairs
            .Where(p => p.Count > 1 || p[0].Length > 0)
            .Select(p => (p[0].ToString(), p.Count == 1 ? "T" : string.Join('=', p.Skip(1).Select(s => s.ToString()))))
            .ToList();
    }
}
