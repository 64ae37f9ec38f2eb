using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoPipe.Core.Calculators.Espresso;
using AutoPipe.Core.Json;
using AutoPipe.Core.Projection;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Structures;
using AutoPipe.Core.Workspace;
using Microsoft.Data.Sqlite;
using Serilog;

namespace AutoPipe.Client.Dashboard;

/// <summary>
/// The dashboard's view of a working directory, kept up to date by <see cref="Look"/>: each look reads only what
/// changed (the journal's attempts above the last id seen with their jobs, results.db's rows above the last id, the
/// in-flight set, the bytes pw.x added to the outputs of the calculations shown), so its cost does not grow with the
/// campaign. Totals are read in full only when following starts and when a run starts or ends. Not thread-safe: the
/// server calls it under its lock.
/// </summary>
internal sealed partial class DashboardFeed : IDisposable
{
    /// <summary>Finished attempts a newly connected page gets (the task stream's memory).</summary>
    public const int BarsKept = 1500;

    /// <summary>Failed attempts a newly connected page gets.</summary>
    public const int FailuresKept = 100;

    /// <summary>Calculations in flight sent to the page (bars of the task stream), and those shown with their details.</summary>
    public const int InFlightSent = 500;

    public const int InFlightDetailed = 24;

    /// <summary>Lanes at most (thousands of worker slots would not read as lanes anyway).</summary>
    public const int MaxLanes = 256;

    /// <summary>New bars sent in one update at most: more could not be told apart on the screen.</summary>
    private const int BarsPerUpdate = 300;

    private const int RowsPerRead = 20_000;
    private const int ReadsPerLook = 5;
    private const int MessageLength = 600;

    private readonly Workdir workdir;
    private readonly TimeProvider time;
    private readonly bool forRunInThisProcess;
    private readonly Queue<DashboardMessage.Bar> bars = new();
    private readonly Queue<DashboardMessage.Failure> failures = new();
    private readonly List<DashboardMessage.Bar> newBars = [];
    private readonly List<DashboardMessage.Failure> newFailures = [];
    private readonly SortedSet<(string? Worker, int Slot)> lanes = new(LaneOrder.Instance);
    private readonly RateWindow rate = new();
    private readonly StreamingHistogram energy = new();
    private readonly StreamingHistogram forces = new();
    private readonly Dictionary<(string Job, int Attempt), ScfTail> tails = [];
    private readonly Dictionary<string, JobLook> jobLooks = new(StringComparer.Ordinal);
    private ILogger log;
    private LiveRun? live;
    private JournalFollower? journal;
    private ResultsFollower? results;
    private CampaignSpec? spec;
    private int total;
    private int completed;
    private int failed;
    private long attempts;
    private long failedAttempts;
    private long corrected;
    private long resultCount;
    private double attemptSeconds;
    private long lastAttemptId;
    private long lastResultId;
    private (int Pid, DateTimeOffset StartedAt)? runIdentity;
    private bool? wasRunning;
    private DashboardMessage current;

    /// <summary>
    /// Follows <paramref name="workdir"/>. With <paramref name="forRunInThisProcess"/>, the page waits for the run
    /// (<see cref="Attach"/>) instead of reading status.json, which that run has not written yet.
    /// </summary>
    public DashboardFeed(Workdir workdir, ILogger log, bool forRunInThisProcess = false, TimeProvider? time = null)
    {
        this.forRunInThisProcess = forRunInThisProcess;
        this.workdir = workdir;
        this.log = log;
        this.time = time ?? TimeProvider.System;
        current = Message("snapshot", "waiting", [], [], RuntimeDescription.Embedded, 0, null, null);
    }

    /// <summary>The campaign's name, once known.</summary>
    public string? Campaign => spec?.Name;

    /// <summary>The status at the latest look (<c>waiting</c>, <c>running</c>, <c>finished</c>, <c>stopped</c>).</summary>
    public string Status => current.Status;

    /// <summary>Logs to <paramref name="logger"/> from now on (a run's log file exists only once its campaign is open).</summary>
    public void UseLog(ILogger logger) => log = logger;

    /// <summary>Asks <paramref name="run"/> (a run in this process) for the calculations in flight from now on, instead of status.json.</summary>
    public void Attach(LiveRun run) => live = run;

    /// <summary>What a page that connects now gets: the state at the latest look, with the latest attempts and failures.</summary>
    public DashboardMessage Snapshot() => current with { Kind = "snapshot", Bars = bars.ToList(), Failures = failures.Reverse().ToList() };

    /// <summary>Looks at what changed; returns the update for the pages that are connected.</summary>
    public DashboardMessage Look()
    {
        newBars.Clear();
        newFailures.Clear();
        if ((forRunInThisProcess && live == null) || (journal == null && !TryFollow()))
        {
            current = current with { Now = Now() };
            return current with { Kind = "update" };
        }

        var status = live == null ? StatusFile.Read(workdir) : null;
        var running = live != null ? !live.Running.IsCompleted : IsLive(status);
        var identity = status == null ? ((int, DateTimeOffset)?)null : (status.ProcessId, status.StartedAt);
        if (running && wasRunning != null && (wasRunning == false || (live == null && runIdentity != identity)))
        {
            // A run started (or another took over): it may have reconciled the journal; count again.
            (completed, failed) = journal!.CountFinished();
            log.Information("Dashboard: campaign {Campaign} is running again", spec!.Name);
        }

        runIdentity = identity;
        ReadAttempts(drain: !running);
        ReadResults(drain: !running);
        if (wasRunning != false && !running)
        {
            // The run ended (or was not running when following started): the final counts, read in full once.
            (completed, failed) = journal!.CountFinished();
            var how = completed + failed == total ? "finished" : "is not running";
            log.Information(
                "Dashboard: campaign {Campaign} {How}: {Completed} completed, {Failed} failed, {Pending} pending ({Page})",
                spec!.Name, how, completed, failed, total - completed - failed,
                live == null ? "the page keeps showing it, and follows the next run" : "the page keeps this last state once the run has exited");
        }

        wasRunning = running;
        var runtime = live?.Runtime ?? status?.Runtime
            ?? (lanes.Any(l => l.Worker != null) ? new RuntimeDescription("temporal") : RuntimeDescription.Embedded);
        if (runtime.Kind == RuntimeDescription.Embedded.Kind && (live != null || status != null))
        {
            // This machine's slots, idle ones included.
            foreach (var slot in Enumerable.Range(1, Math.Min(ExecutorRegistryConcurrency(), MaxLanes)))
            {
                lanes.Add((null, slot));
            }
        }

        var reported = running ? (live?.Progress().InFlight ?? status?.InFlight ?? []) : [];
        // status.json may lag the journal by a second: an attempt the journal has seen end is not running any more.
        var ended = bars.Select(b => (b.Job, b.Attempt)).ToHashSet();
        var inFlight = reported.Where(c => !ended.Contains((c.JobId, c.Attempt))).ToList();
        var startedAt = live?.Progress().StartedAt ?? status?.StartedAt;
        var view = InFlightView(inFlight);
        current = Message(
            "update",
            running ? "running" : completed + failed == total ? "finished" : "stopped",
            newBars.ToList(),
            newFailures.ToList(),
            runtime,
            inFlight.Count,
            view,
            startedAt);
        return current;
    }

    public void Dispose()
    {
        journal?.Dispose();
        results?.Dispose();
    }

    private bool TryFollow()
    {
        try
        {
            journal = JournalFollower.TryOpen(workdir.StateDb);
        }
        catch (SqliteException e)
        {
            log.Debug("Dashboard: cannot read {StateDb} yet: {Error}", workdir.StateDb, e.Message);
        }

        if (journal == null)
        {
            return false;
        }

        var summary = journal.ReadSummary(BarsKept);
        spec = CampaignSpecReader.Read(summary.SpecJson, "/", "campaign.json");
        (total, completed, failed) = (summary.Total, summary.Completed, summary.Failed);
        (attempts, attemptSeconds) = (summary.Attempts, summary.AttemptSeconds);
        results = new ResultsFollower(workdir.ResultsDb);
        Take(summary.Latest, counting: false);
        // The totals and the latest attempts are one snapshot: the next look reads what ended after it.
        lastAttemptId = summary.Latest.LastId(0);
        return true;
    }

    /// <summary>Reads the attempts that ended since the last look (all of them when <paramref name="drain"/>, else a bounded number a look).</summary>
    private void ReadAttempts(bool drain)
    {
        for (var read = 0; drain || read < ReadsPerLook; read++)
        {
            var changes = journal!.ReadSince(lastAttemptId, RowsPerRead, BarsKept);
            Take(changes, counting: true);
            lastAttemptId = changes.LastId(lastAttemptId);
            if (changes.Attempts.Count < RowsPerRead)
            {
                return;
            }
        }
    }

    private void Take(JournalChanges changes, bool counting)
    {
        foreach (var (id, attempt) in changes.Attempts)
        {
            var (start, end) = (Unix(attempt.Started), Unix(attempt.Ended));
            if (!changes.Jobs.TryGetValue(attempt.Sequence, out var job))
            {
                // A completed attempt older than the bars kept: counted, not drawn.
                if (counting && attempt.Outcome == AttemptEnd.Completed)
                {
                    attempts++;
                    attemptSeconds += (end - start) / 1000;
                    completed = Math.Min(completed + 1, total - failed);
                    rate.Add(end);
                }

                continue;
            }

            var lane = (attempt.Worker, attempt.Slot);
            if (lanes.Count < MaxLanes)
            {
                lanes.Add(lane);
            }

            var outcome = AttemptVerdicts.Of(job, attempt.Attempt, attempt.Outcome);
            if (counting)
            {
                attempts++;
                attemptSeconds += (end - start) / 1000;
                completed += outcome == AttemptVerdict.Completed && job.State == JobState.Completed ? 1 : 0;
                failed += outcome == AttemptVerdict.GaveUp ? 1 : 0;
                (completed, failed) = (Math.Min(completed, total), Math.Min(failed, total - Math.Min(completed, total)));
            }

            if (outcome == AttemptVerdict.Completed)
            {
                rate.Add(end);
            }

            var message = Clip(attempt.Message);
            Keep(bars, newBars, new DashboardMessage.Bar(id, job.JobId, attempt.Attempt, LaneLabel(lane), start, end, outcome, attempt.FailureKind, message), BarsKept);
            if (outcome.IsFailure())
            {
                if (counting)
                {
                    failedAttempts++;
                    corrected += outcome == AttemptVerdict.Corrected ? 1 : 0;
                }

                Keep(
                    failures,
                    newFailures,
                    new DashboardMessage.Failure(
                        id, job.JobId, attempt.Attempt, spec!.Retry.MaxAttempts, end, attempt.FailureKind, message ?? "", outcome, AttemptTexts.ChangeFor(job.Corrections, attempt.Attempt + 1),
                        outcome == AttemptVerdict.GaveUp ? Clip(job.FailureReason) : null),
                    FailuresKept);
            }
        }

        if (newBars.Count > BarsPerUpdate)
        {
            newBars.RemoveRange(0, newBars.Count - BarsPerUpdate);
        }
    }

    private void ReadResults(bool drain)
    {
        try
        {
            for (var read = 0; drain || read < ReadsPerLook; read++)
            {
                var rows = results!.ReadSince(lastResultId, RowsPerRead);
                foreach (var row in rows)
                {
                    resultCount++;
                    lastResultId = row.Id;
                    if (row.Atoms > 0)
                    {
                        energy.Add(row.Energy / row.Atoms);
                    }

                    foreach (var magnitude in row.ForceMagnitudes)
                    {
                        forces.Add(magnitude);
                    }
                }

                if (rows.Count < RowsPerRead)
                {
                    return;
                }
            }
        }
        catch (SqliteException e)
        {
            // Being created or repaired by the run: the next look tries again.
            log.Debug("Dashboard: cannot read {ResultsDb} now: {Error}", workdir.ResultsDb, e.Message);
        }
    }

    private List<DashboardMessage.Calculation> InFlightView(IReadOnlyList<InFlightCalculation> inFlight)
    {
        var sent = inFlight.OrderBy(c => c.Worker, StringComparer.Ordinal).ThenBy(c => c.Slot).ThenBy(c => c.Started).Take(InFlightSent).ToList();
        var detailed = sent.Take(InFlightDetailed).ToList();
        var keys = detailed.Select(c => (c.JobId, c.Attempt)).ToHashSet();
        foreach (var gone in tails.Keys.Where(k => !keys.Contains(k)).ToList())
        {
            tails.Remove(gone);
        }

        foreach (var gone in jobLooks.Keys.Where(j => !keys.Any(k => k.JobId == j)).ToList())
        {
            jobLooks.Remove(gone);
        }

        var view = new List<DashboardMessage.Calculation>();
        foreach (var calculation in sent)
        {
            var lane = (calculation.Worker, calculation.Slot);
            if (lanes.Count < MaxLanes && (calculation.Worker != null || calculation.Slot > 0))
            {
                lanes.Add(lane);
            }

            var slurm = calculation.Detail is { } detail && SlurmJob().Match(detail) is { Success: true } match ? match.Groups[1].Value : null;
            var details = keys.Contains((calculation.JobId, calculation.Attempt));
            var look = details ? LookUp(calculation.JobId) : null;
            var scf = !details ? null
                : calculation.ScfAccuracyRy is { } carried ? carried
                : spec!.Calculator is EspressoCalculatorSpec ? Tail(calculation.JobId, calculation.Attempt)
                : null;
            view.Add(new DashboardMessage.Calculation(
                calculation.JobId, calculation.Attempt, calculation.MaxAttempts, LaneLabel(lane), Unix(calculation.Started), Clip(calculation.Detail), calculation.Worker, slurm,
                look?.ConfigType, look?.Formula, scf?.ToArray(), scf == null ? null : look?.ScfTarget));
        }

        return view;
    }

    private IReadOnlyList<double> Tail(string jobId, int attempt)
    {
        if (!tails.TryGetValue((jobId, attempt), out var tail))
        {
            tail = new ScfTail(Path.Combine(workdir.AttemptDirectory(jobId, attempt), EspressoOutputParser.OutputFileName));
            tails[(jobId, attempt)] = tail;
        }

        return tail.Read();
    }

    /// <summary>What the in-flight card shows of a job beyond its id: its structure's formula and config_type, pw.x's convergence threshold.</summary>
    private JobLook? LookUp(string jobId)
    {
        if (jobLooks.TryGetValue(jobId, out var known))
        {
            return known;
        }

        if (journal!.ReadJob(jobId) is not var (job, structure))
        {
            return null;
        }

        var look = new JobLook(
            structure?.FindInfo("config_type") is JsonValue configType ? Clip(configType.ToString()) : null,
            structure == null ? null : Formula(structure),
            ScfTarget(job));
        jobLooks[jobId] = look;
        return look;
    }

    private double? ScfTarget(JobRecord job)
    {
        if (spec!.Calculator is not EspressoCalculatorSpec espresso)
        {
            return null;
        }

        var corrected = job.ParametersJson == null ? null : JsonNode.Parse(job.ParametersJson) as JsonObject;
        var given = corrected?["conv_thr"] ?? (espresso.Parameters.TryGetValue("conv_thr", out var value) ? value : null);
        // pw.x's default conv_thr.
        return JsonNumbers.TryGetDouble(given, out var threshold) ? threshold : 1e-6;
    }

    private DashboardMessage Message(
        string kind, string status, List<DashboardMessage.Bar> barsNow, List<DashboardMessage.Failure> failuresNow, RuntimeDescription runtime, int running,
        List<DashboardMessage.Calculation>? inFlight, DateTimeOffset? startedAt)
    {
        var now = Now();
        var cores = CoresPerCalculation();
        var runningSeconds = inFlight?.Sum(c => Math.Max(0, now - c.Start) / 1000) ?? 0;
        double? perSecond = status == "running" && startedAt is { } since ? rate.PerSecond(now, Math.Max(Unix(since), now - 60_000)) : null;
        var pending = total - completed - failed;
        return new DashboardMessage
        {
            Kind = kind,
            Campaign = spec?.Name ?? "",
            Workdir = workdir.Root,
            Calculator = spec?.Calculator.Kind,
            Executor = spec?.Executor.Kind,
            Runtime = runtime.Kind,
            WorkflowId = runtime.WorkflowId,
            TemporalUi = runtime.UiLink,
            Status = status,
            Total = total,
            Completed = completed,
            Failed = failed,
            Running = running,
            Attempts = attempts,
            FailedAttempts = failedAttempts,
            Corrected = corrected,
            Results = resultCount,
            Rate = perSecond,
            Eta = perSecond > 0 ? pending / perSecond : null,
            CoreHours = (attemptSeconds + runningSeconds) * cores / 3600,
            CoresPerCalculation = cores,
            Now = now,
            StartedAt = startedAt is { } s ? Unix(s) : null,
            Lanes = lanes.Select(LaneLabel).ToList(),
            Bars = barsNow,
            InFlight = inFlight ?? [],
            Failures = failuresNow,
            EnergyPerAtom = Histogram(energy),
            ForceMagnitudes = Histogram(forces),
            SlurmJobs = inFlight?.Where(c => c.SlurmJob != null).Select(c => c.SlurmJob!).ToList() ?? [],
        };
    }

    /// <summary>Cores one calculation holds: the Slurm job's tasks x CPUs, or the MPI ranks of the calculator's command line, else 1.</summary>
    private int CoresPerCalculation()
    {
        if (spec?.Executor is SlurmExecutorSpec slurm)
        {
            return Math.Max(1, (slurm.Ntasks ?? 1) * (slurm.CpusPerTask ?? 1));
        }

        return spec?.Calculator is EspressoCalculatorSpec espresso && MpiRanks().Match(espresso.Command) is { Success: true } ranks
            ? Math.Max(1, int.Parse(ranks.Groups[1].Value, CultureInfo.InvariantCulture))
            : 1;
    }

    private int ExecutorRegistryConcurrency() => spec == null ? 0 : Core.Executors.ExecutorRegistry.Concurrency(spec);

    /// <summary>Whether status.json shows a live run: its writer is alive (on this machine) and wrote lately, or it was written a moment ago.</summary>
    private bool IsLive(StatusSnapshot? status)
    {
        if (status == null)
        {
            return false;
        }

        var age = time.GetUtcNow() - status.UpdatedAt;
        var alive = status.ProcessId > 0 && Directory.Exists("/proc") ? Directory.Exists($"/proc/{status.ProcessId}") : (bool?)null;
        return alive switch
        {
            true => age < TimeSpan.FromMinutes(1),
            false => false,
            null => age < TimeSpan.FromSeconds(30),
        };
    }

    private static DashboardMessage.Histogram Histogram(StreamingHistogram histogram) => new(histogram.Low, histogram.Width, histogram.Counts.ToArray(), histogram.Count);

    private static void Keep<T>(Queue<T> kept, List<T> fresh, T item, int limit)
    {
        kept.Enqueue(item);
        if (kept.Count > limit)
        {
            kept.Dequeue();
        }

        fresh.Add(item);
    }

    private static string LaneLabel((string? Worker, int Slot) lane) =>
        lane.Worker == null ? string.Create(CultureInfo.InvariantCulture, $"slot {lane.Slot}")
        : lane.Slot > 0 ? string.Create(CultureInfo.InvariantCulture, $"{lane.Worker} slot {lane.Slot}")
        : lane.Worker;

    private static string Formula(Structure structure) =>
        string.Concat(structure.Symbols.GroupBy(s => s).Select(g => g.Count() == 1 ? g.Key : g.Key + g.Count().ToString(CultureInfo.InvariantCulture)));

    private static string? Clip(string? text) => text == null || text.Length <= MessageLength ? text : text[..MessageLength] + "...";

    private double Now() => Unix(time.GetUtcNow());

    private static double Unix(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    [GeneratedRegex(@"\bslurm (\d+)")]
    private static partial Regex SlurmJob();

    [GeneratedRegex(@"(?:^|\s)-(?:np|n)\s+(\d+)")]
    private static partial Regex MpiRanks();

    private sealed record JobLook(string? ConfigType, string? Formula, double? ScfTarget);

    /// <summary>Lanes top to bottom: this machine's slots, then each worker's slots, by worker and slot.</summary>
    private sealed class LaneOrder : IComparer<(string? Worker, int Slot)>
    {
        public static LaneOrder Instance { get; } = new();

        public int Compare((string? Worker, int Slot) x, (string? Worker, int Slot) y)
        {
            var byWorker = string.CompareOrdinal(x.Worker, y.Worker);
            return byWorker != 0 ? byWorker : x.Slot.CompareTo(y.Slot);
        }
    }
}
