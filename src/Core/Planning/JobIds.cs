using System.Globalization;
using System.Text.RegularExpressions;

namespace AutoPipe.Core.Planning;

/// <summary>Job id rules: generated ids, and ids taken from input that must be safe as folder names.</summary>
public static partial class JobIds
{
    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex Safe();

    /// <summary>The generated id of job <paramref name="sequence"/> among <paramref name="total"/>: job-0001, ..., at least four digits.</summary>
    public static string Generated(int sequence, int total)
    {
        var width = Math.Max(4, total.ToString(CultureInfo.InvariantCulture).Length);
        return "job-" + sequence.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
    }

    /// <summary>
    /// Why <paramref name="id"/> cannot be a job id, or null when it can: it becomes a folder name under
    /// <c>jobs/</c>, a Temporal activity id and an ASE key value, so no separators, no <c>..</c>, no spaces.
    /// </summary>
    public static string? Problem(string id)
    {
        if (!Safe().IsMatch(id) || id.Contains("..", StringComparison.Ordinal))
        {
            return $"job id '{id}' is not safe as a folder name: use 1-128 letters, digits, '.', '_' or '-', not starting with '.' or '-' and without '..'";
        }

        return null;
    }
}
