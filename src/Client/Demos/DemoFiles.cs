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
            ["retry"] = new JsonObject { ["maxAttempts"] = 3, ["initialIntervalSeconds"] = Math.Min(1, seconds), ["backoffCoefficient"] = 2 },
        };
        var path = Path.Combine(folder, name + ".campaign.json");
        File.WriteAllText(path, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

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

    /// <summary>Prints checkpoint.json as the crash left it; adds a claim when it does not account for every job.</summary>
    public static (List<string> Pending, List<string> Completed) ShowCheckpointAfterCrash(string workdir, int jobs, List<string> claims)
    {
        var (pending, completed) = ReadCheckpoint(workdir);
        Console.WriteLine("checkpoint.json after the crash:");
        Console.WriteLine($"  completed_job_ids ({completed.Count}): {string.Join(", ", completed)}");
        Console.WriteLine($"  pending_job_ids   ({pending.Count}): {string.Join(", ", pending)}");
        if (completed.Count == 0 || completed.Count + pending.Count != jobs)
        {
            claims.Add($"the checkpoint should account for all {jobs} jobs with some completed");
        }

        return (pending, completed);
    }

    public static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string NewFolder(string? given, string demo) =>
        given ?? Path.Combine(Path.GetTempPath(), $"autopipe-demo-{demo}-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");

    private static List<string> Ids(JsonNode? node) => node?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
}
