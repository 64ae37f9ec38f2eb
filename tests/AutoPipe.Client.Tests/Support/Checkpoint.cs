using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutoPipe.Client.Tests.Support;

/// <summary>checkpoint.json as a test reads it (tolerating the moment before it first exists).</summary>
public sealed record Checkpoint(List<string> Pending, List<string> Completed, List<string> Failed, JsonNode Json)
{
    public static Checkpoint? TryRead(string workdir)
    {
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(workdir, "checkpoint.json")))!;
            return new Checkpoint(Ids(json, "pending_job_ids"), Ids(json, "completed_job_ids"), Ids(json, "failed_job_ids"), json);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    public static Checkpoint Read(string workdir) => TryRead(workdir) ?? throw new InvalidOperationException("no readable checkpoint.json in " + workdir);

    private static List<string> Ids(JsonNode json, string name) => json[name]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
}
