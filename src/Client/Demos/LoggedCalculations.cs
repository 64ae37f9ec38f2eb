using System.Text.RegularExpressions;

namespace AutoPipe.Client.Demos;

/// <summary>
/// What an embedded <c>autopipe run</c> said it did, read from its log lines: a slot logs <c>Running calculation JOB
/// (attempt k of n)</c> as it starts an attempt, and the writer logs <c>Completed calculation JOB</c> or <c>Calculation
/// JOB failed on attempt k</c> only once that outcome is committed to the journal.
/// </summary>
/// <param name="Started">Jobs with an attempt started.</param>
/// <param name="Completed">Jobs whose completion is durable.</param>
/// <param name="InFlight">Jobs whose latest attempt started and has not ended.</param>
internal sealed partial record LoggedCalculations(IReadOnlySet<string> Started, IReadOnlySet<string> Completed, IReadOnlySet<string> InFlight)
{
    public static LoggedCalculations Read(string output)
    {
        var started = new HashSet<string>(StringComparer.Ordinal);
        var completed = new HashSet<string>(StringComparer.Ordinal);
        var inFlight = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match line in Lines().Matches(output))
        {
            var job = line.Groups["job"].Value;
            if (line.Groups["running"].Success)
            {
                started.Add(job);
                inFlight.Add(job);
            }
            else
            {
                inFlight.Remove(job);
                if (line.Groups["completed"].Success)
                {
                    completed.Add(job);
                }
            }
        }

        return new LoggedCalculations(started, completed, inFlight);
    }

    [GeneratedRegex(@"(?:(?<running>Running calculation )|(?<completed>Completed calculation )|Calculation )(?<job>\S+) (?:\(attempt \d+ of \d+\)|failed on attempt)")]
    private static partial Regex Lines();
}
