using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Chaos;

/// <summary>
/// The chaos suite's campaign: 200 mock calculations on 4 slots; every 10th fails its first attempt (two of them their
/// first two), retried after 50 ms. And the checks every chaos test ends with: each job exactly one row, as ASE reads
/// results.db, with the energy of the uninterrupted run; no calculation whose completion was durable ran again.
/// </summary>
public static partial class ChaosCampaign
{
    public const int Jobs = 200;

    /// <summary>Where a test asks autopipe to fail (see src/Core/Diagnostics/FaultInjection.cs).</summary>
    public const string FaultVariable = "AUTOPIPE_FAULT";

    /// <summary>Each calculation's time: long enough that a kill lands between completions, short enough for CI.</summary>
    public const double Seconds = 0.05;

    public static string Spec(TempDir dir, string name = "chaos") =>
        Specs.Mock(dir, name, Jobs, workers: 4, Seconds, failFirst: FailFirst(), retry: """{"maxAttempts":3,"initialIntervalSeconds":0.05}""");

    public static Dictionary<string, string> Fault(string point) => new() { [FaultVariable] = point };

    /// <summary>job_id -> energy of every row of results.db, read by python3-ase; throws on a duplicate job_id.</summary>
    public static Dictionary<string, double> Energies(string workdir)
    {
        var rows = JsonNode.Parse(AsePython.Run("""
            import sys, json
            from ase.db import connect
            print(json.dumps([[row.job_id, row.energy] for row in connect(sys.argv[1]).select()]))
            """, Path.Combine(workdir, "results.db")))!.AsArray();
        var energies = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var id = row![0]!.GetValue<string>();
            Assert.True(energies.TryAdd(id, row[1]!.GetValue<double>()), $"two rows for {id} in results.db");
        }

        return energies;
    }

    /// <summary>Every job has exactly one row with the reference energy, and checkpoint.json says all completed.</summary>
    public static void AssertCompleteAndExact(string workdir, IReadOnlyDictionary<string, double> reference)
    {
        var energies = Energies(workdir);
        Assert.Equal(Jobs, energies.Count);
        Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), energies.Keys.Order(StringComparer.Ordinal));
        Assert.All(reference, r => Assert.Equal(r.Value, energies[r.Key]));
        var checkpoint = Checkpoint.Read(workdir);
        Assert.Equal(Jobs, checkpoint.Completed.Count);
        Assert.Empty(checkpoint.Pending);
        Assert.Empty(checkpoint.Failed);
        Assert.Equal("finished", checkpoint.Json["status"]!.GetValue<string>());
    }

    /// <summary>The jobs a run started ("Running calculation X (attempt k of n)" lines).</summary>
    public static List<string> Started(string stdout) => RunningLine().Matches(stdout).Select(m => m.Groups[1].Value).ToList();

    /// <summary>checkpoint.json is written only after its state is committed: what it lists as completed is durable.</summary>
    public static HashSet<string> DurablyCompleted(string workdir) => Checkpoint.TryRead(workdir)?.Completed.ToHashSet(StringComparer.Ordinal) ?? [];

    public static void AssertNotRunAgain(IEnumerable<string> durable, string laterStdout)
    {
        var again = Started(laterStdout).Intersect(durable, StringComparer.Ordinal).ToList();
        Assert.True(again.Count == 0, "completed calculations ran again: " + string.Join(", ", again));
    }

    private static string FailFirst()
    {
        var failures = Enumerable.Range(1, Jobs / 10).ToDictionary(i => $"job-{i * 10:D4}", i => i % 10 == 5 ? 2 : 1);
        return "{" + string.Join(",", failures.Select(f => string.Create(CultureInfo.InvariantCulture, $"\"{f.Key}\":{f.Value}"))) + "}";
    }

    [GeneratedRegex(@"Running calculation (job-\d+) \(attempt")]
    private static partial Regex RunningLine();
}
