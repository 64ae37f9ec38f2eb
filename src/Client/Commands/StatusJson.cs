using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoPipe.Core.Workspace;

namespace AutoPipe.Client.Commands;

/// <summary>
/// <c>autopipe status --json</c>: one schema for both runtimes (asked of a working directory, or of the workflow on
/// Temporal): counts, failed jobs with their reasons, the compute spent per label, what the campaign learned from its
/// repairs, and the calculations in flight with their slot or worker.
/// </summary>
internal static class StatusJson
{
    /// <summary>The JSON of <paramref name="status"/>; <paramref name="failedCount"/> when its failed list is only the latest ones.</summary>
    public static string Write(CampaignStatus status, int? failedCount = null) => new JsonObject
    {
        ["campaign"] = status.Campaign,
        ["workdir"] = status.Workdir.Length == 0 ? null : status.Workdir,
        ["running"] = status.ManagerRunning,
        ["total"] = status.Total,
        ["completed"] = status.Completed,
        ["failed"] = failedCount ?? status.Failed.Count,
        ["pending"] = status.Total - status.Completed - (failedCount ?? status.Failed.Count),
        ["failed_jobs"] = new JsonArray(status.Failed.Select(f => (JsonNode?)new JsonObject { ["job_id"] = f.JobId, ["reason"] = f.Reason }).ToArray()),
        ["cost"] = status.Cost is not { } cost ? null : new JsonObject
        {
            ["core_hours"] = cost.CoreHours,
            ["core_hours_per_label"] = cost.CoreHoursPerLabel,
            ["failed_share"] = cost.FailedShare,
            ["labels"] = cost.Labels,
            ["cores_per_attempt"] = cost.CoresPerAttempt,
        },
        ["learned"] = new JsonArray((status.Learned ?? []).Select(l => (JsonNode?)new JsonObject
        {
            ["failure_kind"] = l.Kind.ToString(),
            ["settings"] = new JsonObject(l.Settings.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value.DeepClone()))),
            ["from_jobs"] = new JsonArray(l.FromJobs.Select(j => (JsonNode?)j).ToArray()),
        }).ToArray()),
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
