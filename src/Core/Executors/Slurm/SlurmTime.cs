using System.Globalization;

namespace AutoPipe.Core.Executors.Slurm;

/// <summary>Slurm's time formats (<c>--time</c>): MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS.</summary>
public static class SlurmTime
{
    /// <summary>The seconds of <paramref name="value"/>, or null for INFINITE/UNLIMITED or an unreadable value.</summary>
    public static double? ToSeconds(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value is "INFINITE" or "UNLIMITED")
        {
            return null;
        }

        var days = 0L;
        var rest = value;
        var dash = value.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            if (!long.TryParse(value[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out days))
            {
                return null;
            }

            rest = value[(dash + 1)..];
        }

        var parts = new List<long>();
        foreach (var part in rest.Split(':'))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            parts.Add(number);
        }

        // With days the fields are hours[:minutes[:seconds]]; without, minutes[:seconds] or hours:minutes:seconds.
        var (hours, minutes, seconds) = (dash >= 0, parts.Count) switch
        {
            (true, 1) => (parts[0], 0L, 0L),
            (true, 2) => (parts[0], parts[1], 0L),
            (true, 3) => (parts[0], parts[1], parts[2]),
            (false, 1) => (0L, parts[0], 0L),
            (false, 2) => (0L, parts[0], parts[1]),
            (false, 3) => (parts[0], parts[1], parts[2]),
            _ => (-1L, 0L, 0L),
        };
        return hours < 0 ? null : (((days * 24) + hours) * 3600) + (minutes * 60) + seconds;
    }
}
