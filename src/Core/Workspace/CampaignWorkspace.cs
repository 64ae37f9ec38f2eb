using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoPipe.Core.Executors;
using AutoPipe.Core.Input;
using AutoPipe.Core.Planning;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;
using Serilog;

namespace AutoPipe.Core.Workspace;

/// <summary>
/// Opens a working directory for a run: creates a new campaign (only after the whole input validated, so bad input
/// leaves nothing behind) or resumes the one frozen there (refusing a different spec), under the directory lock.
/// </summary>
public static class CampaignWorkspace
{
    private const string SpecKey = "spec";
    private const string SourceKey = "source";
    private const string FingerprintKey = "structures_fingerprint";
    internal const string WatermarkKey = "results_watermark";

    /// <summary>
    /// Opens <paramref name="workdirPath"/> for <paramref name="specPath"/> (null: resume whatever is frozen there).
    /// Throws <see cref="InputException"/> for invalid input and <see cref="WorkdirBusyException"/> when another run holds it.
    /// </summary>
    public static OpenedCampaign Open(string? specPath, string workdirPath, RuntimeOptions options, ILogger log)
    {
        SqliteStore.WarmUp();
        var workdir = Workdir.For(workdirPath);
        var spec = specPath == null ? null : CampaignSpecReader.ReadFile(specPath);
        if (spec != null)
        {
            ExecutorRegistry.RequireTools(spec, Path.GetFileName(specPath!));
        }

        if (File.Exists(workdir.Root))
        {
            throw new InputException($"--workdir {workdirPath}: is a file, not a directory");
        }

        if (Directory.Exists(workdir.Root) && File.Exists(workdir.StateDb))
        {
            return Resume(workdir, spec, specPath, options, log);
        }

        if (spec == null)
        {
            throw new InputException($"--workdir {workdirPath}: holds no campaign to resume; give a campaign spec to start one");
        }

        var plan = CampaignPlanner.Plan(spec);
        Directory.CreateDirectory(workdir.Root);
        var workdirLock = WorkdirLock.Acquire(workdir);
        try
        {
            if (CampaignJournal.OpenExisting(workdir.StateDb) is { } raced)
            {
                // Another manager created the campaign between our check and our lock.
                raced.Dispose();
                workdirLock.Dispose();
                return Resume(workdir, spec, specPath, options, log);
            }

            return Create(workdir, workdirLock, plan, specPath!, log);
        }
        catch
        {
            workdirLock.Dispose();
            throw;
        }
    }

    private static OpenedCampaign Create(Workdir workdir, WorkdirLock workdirLock, CampaignPlan plan, string specPath, ILogger log)
    {
        var spec = plan.Spec;
        var canonical = CampaignSpecJson.Write(spec).ToJsonString();
        var meta = new Dictionary<string, string>
        {
            [SpecKey] = canonical,
            [SourceKey] = Path.GetFullPath(specPath),
            ["created_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        if (spec.StructuresPath != null)
        {
            meta[FingerprintKey] = JsonSerializer.Serialize(StructuresFingerprint.Of(spec.StructuresPath, withHash: true));
        }

        // The results database first: a crash after the journal commits must find it.
        var results = AseDatabase.Open(workdir.ResultsDb);
        var journal = CampaignJournal.Create(workdir.StateDb, plan, meta);
        WriteFrozenSpec(workdir, spec, Path.GetFullPath(specPath), plan.Jobs.Select(j => j.JobId));
        if (spec.Executor is SlurmExecutorSpec slurm)
        {
            log.Information(
                "Created campaign {Campaign} in {Workdir}: {Jobs} calculations as Slurm jobs (at most {MaxSubmitted} queued, {GroupSize} per job)",
                spec.Name, workdir.Root, plan.Jobs.Count, slurm.MaxSubmitted, slurm.GroupSize);
        }
        else
        {
            log.Information("Created campaign {Campaign} in {Workdir}: {Jobs} calculations on {Workers} worker(s)", spec.Name, workdir.Root, plan.Jobs.Count, spec.Workers);
        }

        return new OpenedCampaign(workdir, workdirLock, spec, journal, results, journal.LoadJobs(), resumed: false);
    }

    private static OpenedCampaign Resume(Workdir workdir, CampaignSpec? given, string? specPath, RuntimeOptions options, ILogger log)
    {
        var workdirLock = WorkdirLock.Acquire(workdir);
        CampaignJournal? journal = null;
        AseDatabase? results = null;
        try
        {
            journal = CampaignJournal.OpenExisting(workdir.StateDb);
            if (journal == null)
            {
                // A crash before the creating transaction committed leaves an empty journal: start afresh.
                workdirLock.Dispose();
                File.Delete(workdir.StateDb);
                return Open(specPath, workdir.Root, options, log);
            }

            var frozenText = journal.ReadMeta(SpecKey)!;
            var frozen = CampaignSpecReader.Read(frozenText, "/", "campaign.json");
            ExecutorRegistry.RequireTools(frozen, "campaign.json");
            if (given != null)
            {
                CheckSameCampaign(workdir, given, frozenText, journal.ReadMeta(FingerprintKey));
            }

            // Slurm jobs outlive the manager on purpose: the next run adopts them, so they are not orphans.
            var slurm = frozen.Executor is SlurmExecutorSpec;
            if (!slurm)
            {
                OrphanedProcesses.Stop(workdir, log);
            }

            results = AseDatabase.Open(workdir.ResultsDb);
            var jobs = journal.LoadJobs();
            if (!File.Exists(workdir.CampaignJson))
            {
                // The previous run died between creating the journal and writing this copy for users.
                WriteFrozenSpec(workdir, frozen, journal.ReadMeta(SourceKey) ?? "", jobs.Select(j => j.JobId));
            }

            Reconcile(journal, results, jobs, options, countInterruptions: !slurm, log);
            return new OpenedCampaign(workdir, workdirLock, frozen, journal, results, jobs, resumed: true);
        }
        catch
        {
            results?.Dispose();
            journal?.Dispose();
            workdirLock.Dispose();
            throw;
        }
    }

    private static void CheckSameCampaign(Workdir workdir, CampaignSpec given, string frozenText, string? fingerprintText)
    {
        var frozen = JsonNode.Parse(frozenText)!.AsObject();
        var current = CampaignSpecJson.Write(given);
        var differences = current
            .Select(p => p.Key)
            .Union(frozen.Select(p => p.Key))
            .Where(key => !JsonNode.DeepEquals(current[key], frozen[key]))
            .Select(key => $"{key}: frozen {Show(frozen[key])}, given {Show(current[key])}")
            .ToList();
        if (differences.Count == 0 && given.StructuresPath != null && fingerprintText != null)
        {
            var recorded = JsonSerializer.Deserialize<StructuresFingerprint>(fingerprintText)!;
            if (!recorded.Matches(given.StructuresPath))
            {
                differences.Add($"structures: {given.StructuresPath} changed since the campaign started");
            }
        }

        if (differences.Count > 0)
        {
            throw new InputException(
                new[] { $"{workdir.Root} holds a different campaign than the spec given (see {workdir.CampaignJson}):" }
                    .Concat(differences.Select(d => "  " + d))
                    .Append($"Use a new --workdir, or resume the frozen campaign with: autopipe run --workdir {workdir.Root}")
                    .ToList());
        }
    }

    /// <summary>
    /// Brings the journal in line with what a crash may have left: rows committed to results.db after the journal's
    /// watermark are completed jobs (the journal's commit was lost), and jobs marked running were interrupted.
    /// </summary>
    private static void Reconcile(CampaignJournal journal, AseDatabase results, List<JobRecord> jobs, RuntimeOptions options, bool countInterruptions, ILogger log)
    {
        var watermark = long.Parse(journal.ReadMeta(WatermarkKey) ?? "0", CultureInfo.InvariantCulture);
        var byId = jobs.ToDictionary(j => j.JobId, StringComparer.Ordinal);
        var changed = new List<JobRecord>();
        var newWatermark = LostResults.Requeue(results, jobs, watermark, changed, log);
        foreach (var (rowId, jobId) in results.JobIdsAfter(watermark))
        {
            newWatermark = rowId;
            if (byId.TryGetValue(jobId, out var job) && job.State != JobState.Completed)
            {
                job.State = JobState.Completed;
                job.Attempts++;
                changed.Add(job);
                log.Information("Recovered the result of {JobId} from results.db (stored just before the previous run stopped)", jobId);
            }
        }

        foreach (var job in jobs.Where(j => j.State == JobState.Running))
        {
            job.State = JobState.Pending;
            if (!countInterruptions)
            {
                // The calculation did not stop with the manager (a Slurm job): the next run adopts it.
                changed.Add(job);
                continue;
            }

            job.Interruptions++;
            if (job.Interruptions >= options.MaxInterruptions)
            {
                job.State = JobState.Failed;
                job.FailureReason = $"Interrupted: the manager stopped {job.Interruptions} times while this calculation ran; it may be what brings it down";
                log.Error("Calculation {JobId} failed permanently: {Reason}", job.JobId, job.FailureReason);
            }

            changed.Add(job);
        }

        if (changed.Count > 0 || newWatermark != watermark)
        {
            journal.Commit(changed, [], new Dictionary<string, string> { [WatermarkKey] = newWatermark.ToString(CultureInfo.InvariantCulture) });
        }
    }

    private static void WriteFrozenSpec(Workdir workdir, CampaignSpec spec, string source, IEnumerable<string> jobIds)
    {
        var frozen = new JsonObject
        {
            ["spec"] = CampaignSpecJson.Write(spec),
            ["source"] = source,
            ["job_ids"] = new JsonArray(jobIds.Select(id => (JsonNode?)id).ToArray()),
        };
        var temporary = workdir.CampaignJson + ".tmp";
        File.WriteAllText(temporary, frozen.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(temporary, workdir.CampaignJson, overwrite: true);
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "(absent)";
        return text.Length <= 120 ? text : text[..117] + "...";
    }

    /// <summary>Identifies a structures file cheaply (size, time) and surely (SHA-256) without rereading it each resume.</summary>
    private sealed record StructuresFingerprint(long Size, long ModifiedTicks, string Sha256)
    {
        public static StructuresFingerprint Of(string path, bool withHash)
        {
            var info = new FileInfo(path);
            var hash = withHash ? Hash(path) : "";
            return new StructuresFingerprint(info.Length, info.LastWriteTimeUtc.Ticks, hash);
        }

        public bool Matches(string path)
        {
            if (!File.Exists(path))
            {
                return false;
            }

            var now = Of(path, withHash: false);
            return (now.Size == Size && now.ModifiedTicks == ModifiedTicks) || Hash(path) == Sha256;
        }

        private static string Hash(string path)
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
    }
}
