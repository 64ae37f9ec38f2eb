using System.Collections.Concurrent;
using System.Text.Json;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using Serilog;

namespace AutoPipe.Core.Projection;

/// <summary>Writes checkpoint.json from the runtime's in-memory state, noting when it replaces a damaged file.</summary>
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
        CheckpointWriter.Write(path, campaign.Spec.Name, status, jobs, running, time.GetUtcNow());
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
