using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutoPipe.Client.Demos;

/// <summary>Writes the demos' campaign specs and reads checkpoint.json back for display.</summary>
internal static class DemoFiles
{
    public static string WriteSpec(string folder, string name, int jobs, int workers, double seconds, JsonObject? failFirstAttempts = null)
    {
        Directory.CreateDirectory(folder);
        var spec = new JsonObject
        {
            ["name"] = name,
            ["workers"] = workers,
            ["calculator"] = new JsonObject { ["kind"] = "mock", ["seconds"] = seconds, ["failFirstAttempts"] = failFirstAttempts ?? [] },
            ["jobs"] = new JsonObject { ["count"] = jobs },
            ["retry"] = new JsonObject { ["maxAttempts"] = 3, ["initialIntervalSeconds"] = Backoff(seconds).TotalSeconds, ["backoffCoefficient"] = 2 },
        };
        var path = Path.Combine(folder, name + ".campaign.json");
        File.WriteAllText(path, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>The wait before a demo's second attempt: the calculation's length, at most a second.</summary>
    public static TimeSpan Backoff(double seconds) => TimeSpan.FromSeconds(Math.Min(1, seconds));

    public static (List<string> Pending, List<string> Completed) ReadCheckpoint(string workdir)
    {
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(workdir, "checkpoint.json")))!;
            return (Ids(json["pending_job_ids"]), Ids(json["completed_job_ids"]));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return ([], []);
        }
    }

    /// <summary>How long a demo waits for its campaign to get going before it says the claim failed.</summary>
    public static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Prints checkpoint.json as the crash left it. It is a projection and may be behind the runtime (on Temporal it may
    /// not be written yet), so the only claims on it are that it accounts for every job once and, given what the
    /// runtime had committed (<paramref name="committed"/>), that it is never ahead of it.
    /// </summary>
    public static void ShowCheckpointAfterCrash(string workdir, int jobs, IReadOnlySet<string>? committed, List<string> claims)
    {
        if (!File.Exists(Path.Combine(workdir, "checkpoint.json")))
        {
            Console.WriteLine("checkpoint.json after the crash: not written yet (the projection had recorded nothing)");
            return;
        }

        var (pending, completed) = ReadCheckpoint(workdir);
        Console.WriteLine("checkpoint.json after the crash:");
        Console.WriteLine($"  completed_job_ids ({completed.Count}): {string.Join(", ", completed)}");
        Console.WriteLine($"  pending_job_ids   ({pending.Count}): {string.Join(", ", pending)}");
        if (completed.Count + pending.Count != jobs || completed.Intersect(pending, StringComparer.Ordinal).Any())
        {
            claims.Add($"checkpoint.json should account for each of the {jobs} jobs once");
        }

        if (committed != null && completed.Where(id => !committed.Contains(id)).ToList() is { Count: > 0 } ahead)
        {
            claims.Add($"checkpoint.json holds {string.Join(", ", ahead)} as completed, which the journal does not");
        }
    }

    public static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string NewFolder(string? given, string demo) =>
        given ?? Path.Combine(Path.GetTempPath(), $"autopipe-demo-{demo}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");

    private static List<string> Ids(JsonNode? node) => node?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
}
