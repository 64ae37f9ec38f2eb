using System.Collections.Concurrent;
using System.Text.Json;
using AutoPipe.Core.Diagnostics;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using Serilog;

namespace AutoPipe.Core.Projection;

/// <summary>
/// Writes <c>checkpoint.json</c>, the projection users and scripts read, from a runtime's in-memory state: every job id
/// by state (in-flight jobs are in <c>pending_job_ids</c> and also listed in <c>running_job_ids</c>), and per started
/// job its attempts, failures, corrections and learned start. Replaced atomically (temporary file, fsync, rename), so a
/// reader or a crash never sees half; a damaged file it replaces is said in the log.
/// </summary>
internal static class CheckpointProjection
{
    public static void Write(OpenedCampaign campaign, List<JobRecord> jobs, ConcurrentDictionary<int, InFlightCalculation> inFlight, string status, TimeProvider time, ILogger log, bool replacingDamaged)
    {
        var path = campaign.Workdir.CheckpointJson;
        if (replacingDamaged && File.Exists(path) && Damage(path) is { } damage)
        {
            log.Warning("checkpoint.json was unreadable ({Damage}); rebuilt it from the journal state.db, nothing was lost", damage);
        }

        var running = inFlight.Keys.ToHashSet();
        WriteFile(path, campaign.Spec.Name, status, jobs, running, time.GetUtcNow());
    }

    /// <summary>Writes the checkpoint of <paramref name="jobs"/> to <paramref name="path"/>, atomically.</summary>
    private static void WriteFile(string path, string campaign, string status, IReadOnlyList<JobRecord> jobs, IReadOnlySet<int> running, DateTimeOffset now)
    {
        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
            {
                WriteDocument(json, campaign, status, jobs, running, now);
            }

            file.Flush(flushToDisk: true);
        }

        FaultInjection.Reach(status == "finished" ? FaultInjection.KillBeforeFinalCheckpointRename : FaultInjection.KillBeforeCheckpointRename);
        File.Move(temporary, path, overwrite: true);
    }

    private static void WriteDocument(Utf8JsonWriter json, string campaign, string status, IReadOnlyList<JobRecord> jobs, IReadOnlySet<int> running, DateTimeOffset now)
    {
        var completed = 0;
        var failed = 0;
        foreach (var job in jobs)
        {
            completed += job.State == JobState.Completed ? 1 : 0;
            failed += job.State == JobState.Failed ? 1 : 0;
        }

        json.WriteStartObject();
        json.WriteString("campaign", campaign);
        json.WriteString("status", status);
        json.WriteString("updated_at", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteNumber("total_jobs", jobs.Count);
        json.WriteStartObject("counts");
        json.WriteNumber("pending", jobs.Count - completed - failed);
        json.WriteNumber("running", running.Count);
        json.WriteNumber("completed", completed);
        json.WriteNumber("failed", failed);
        json.WriteEndObject();
        WriteIds(json, "pending_job_ids", jobs, j => !j.IsTerminal);
        WriteIds(json, "running_job_ids", jobs, j => running.Contains(j.Sequence));
        WriteIds(json, "completed_job_ids", jobs, j => j.State == JobState.Completed);
        WriteIds(json, "failed_job_ids", jobs, j => j.State == JobState.Failed);
        json.WriteStartObject("jobs");
        foreach (var job in jobs)
        {
            if (job.Attempts == 0 && job.Interruptions == 0 && !running.Contains(job.Sequence))
            {
                continue;
            }

            json.WriteStartObject(job.JobId);
            json.WriteString("state", running.Contains(job.Sequence) ? "running" : job.State.ToString().ToLowerInvariant());
            json.WriteNumber("attempts", job.Attempts);
            if (job.Interruptions > 0)
            {
                json.WriteNumber("interruptions", job.Interruptions);
            }

            WriteList(json, "failures", job.Failures);
            WriteList(json, "corrections", job.Corrections);
            WriteList(json, "learned", job.Learned);
            if (job.FailureReason != null)
            {
                json.WriteString("failure_reason", job.FailureReason);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteIds(Utf8JsonWriter json, string name, IReadOnlyList<JobRecord> jobs, Func<JobRecord, bool> include)
    {
        json.WriteStartArray(name);
        foreach (var job in jobs)
        {
            if (include(job))
            {
                json.WriteStringValue(job.JobId);
            }
        }

        json.WriteEndArray();
    }

    private static void WriteList(Utf8JsonWriter json, string name, List<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string? Damage(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("pending_job_ids", out _)
                ? null
                : "not a checkpoint object";
        }
        catch (JsonException e)
        {
            return e.Message;
        }
    }
}
