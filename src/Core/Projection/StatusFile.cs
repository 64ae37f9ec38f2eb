using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Workspace;

namespace AutoPipe.Core.Projection;

/// <summary>
/// status.json: what the live manager is doing now (the calculations in flight, with slot, attempt and progress),
/// for <c>autopipe status</c> in another terminal. Small and rewritten about every second; counts come from the journal.
/// </summary>
public static class StatusFile
{
    /// <summary>Writes <paramref name="progress"/> atomically, with the <paramref name="runtime"/> running it when given.</summary>
    public static void Write(Workdir workdir, CampaignProgress progress, TimeProvider time, RuntimeDescription? runtime = null)
    {
        var json = new JsonObject
        {
            ["campaign"] = progress.Campaign,
            ["pid"] = Environment.ProcessId,
            ["updated_at"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            ["started_at"] = progress.StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["completed_this_run"] = progress.CompletedThisRun,
            ["in_flight"] = new JsonArray(progress.InFlight.Select(c => (JsonNode?)new JsonObject
            {
                ["job_id"] = c.JobId,
                ["slot"] = c.Slot,
                ["attempt"] = c.Attempt,
                ["max_attempts"] = c.MaxAttempts,
                ["started_at"] = c.Started.ToString("O", CultureInfo.InvariantCulture),
                ["progress"] = c.Detail,
                ["worker"] = c.Worker,
                ["scf_accuracy_ry"] = c.ScfAccuracyRy == null ? null : new JsonArray(c.ScfAccuracyRy.Select(a => (JsonNode?)a).ToArray()),
            }).ToArray()),
        };
        if (runtime != null)
        {
            json["runtime"] = new JsonObject
            {
                ["kind"] = runtime.Kind,
                ["workflow_id"] = runtime.WorkflowId,
                ["namespace"] = runtime.Namespace,
                ["ui_link"] = runtime.UiLink,
            };
        }

        var temporary = workdir.StatusJson + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, workdir.StatusJson, overwrite: true);
    }

    /// <summary>Reads the in-flight calculations, or null when there is no readable status file.</summary>
    public static IReadOnlyList<InFlightCalculation>? ReadInFlight(Workdir workdir) => Read(workdir)?.InFlight;

    /// <summary>Reads the whole file, or null when there is none or it cannot be read (being replaced, damaged).</summary>
    public static StatusSnapshot? Read(Workdir workdir)
    {
        ArgumentNullException.ThrowIfNull(workdir);
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(workdir.StatusJson))!;
            var inFlight = json["in_flight"]!.AsArray().Select(c => new InFlightCalculation(
                c!["job_id"]!.GetValue<string>(),
                c["slot"]!.GetValue<int>(),
                c["attempt"]!.GetValue<int>(),
                c["max_attempts"]!.GetValue<int>(),
                DateTimeOffset.Parse(c["started_at"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                c["progress"]?.GetValue<string>(),
                c["worker"]?.GetValue<string>(),
                c["scf_accuracy_ry"]?.AsArray().Select(a => a!.GetValue<double>()).ToArray())).ToList();
            var runtime = json["runtime"] is JsonObject r
                ? new RuntimeDescription(r["kind"]!.GetValue<string>(), r["workflow_id"]?.GetValue<string>(), r["namespace"]?.GetValue<string>(), r["ui_link"]?.GetValue<string>())
                : null;
            return new StatusSnapshot(
                json["campaign"]?.GetValue<string>() ?? "",
                json["pid"]?.GetValue<int>() ?? 0,
                DateTimeOffset.Parse(json["updated_at"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(json["started_at"]!.GetValue<string>(), CultureInfo.InvariantCulture),
                inFlight,
                runtime);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
