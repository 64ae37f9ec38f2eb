using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoPipe.Core.Runtime;

namespace AutoPipe.Client.Commands;

/// <summary>
/// <c>autopipe status --json</c>: one schema for both runtimes (asked of a working directory, or of the workflow on
/// Temporal): counts, failed jobs with their reasons, and the calculations in flight with their slot or worker.
/// </summary>
internal static class StatusJson
{
    public static string Write(CampaignStatus status) => new JsonObject
    {
        ["campaign"] = status.Campaign,
        ["workdir"] = status.Workdir.Length == 0 ? null : status.Workdir,
        ["running"] = status.ManagerRunning,
        ["total"] = status.Total,
        ["completed"] = status.Completed,
        ["failed"] = status.Failed.Count,
        ["pending"] = status.Pending,
        ["failed_jobs"] = new JsonArray(status.Failed.Select(f => (JsonNode?)new JsonObject { ["job_id"] = f.JobId, ["reason"] = f.Reason }).ToArray()),
        ["in_flight"] = new JsonArray(status.InFlight.Select(c => (JsonNode?)new JsonObject
        {
            ["job_id"] = c.JobId,
            ["slot"] = c.Slot,
            ["attempt"] = c.Attempt,
            ["started_at"] = c.Started.ToString("O", CultureInfo.InvariantCulture),
            ["progress"] = c.Detail,
            ["worker"] = c.Worker,
        }).ToArray()),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
