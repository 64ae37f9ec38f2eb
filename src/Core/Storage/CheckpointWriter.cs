using System.Text.Json;
using AutoPipe.Core.Diagnostics;

namespace AutoPipe.Core.Storage;

/// <summary>
/// Writes <c>checkpoint.json</c>, the projection users and scripts read: every job id by state (in-flight jobs are
/// in <c>pending_job_ids</c> and also listed in <c>running_job_ids</c>), and per started job its attempts, failures
/// and corrections. Replaced atomically (temporary file, fsync, rename), so a reader or a crash never sees half.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>Writes the checkpoint of <paramref name="jobs"/> to <paramref name="path"/>.</summary>
    public static void Write(string path, string campaign, string status, IReadOnlyList<JobRecord> jobs, IReadOnlySet<int> running, DateTimeOffset now)
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
}
