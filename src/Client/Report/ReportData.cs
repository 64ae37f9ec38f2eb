using System.Globalization;
using AutoPipe.Core.Executors.Slurm;
using AutoPipe.Core.Input;
using AutoPipe.Core.Policy.Learning;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Report;

/// <summary>What a report is drawn from: the journal's jobs and attempts (state.db), the results and the dataset they form (results.db).</summary>
/// <param name="Campaign">The campaign's name.</param>
/// <param name="Workdir">The working directory.</param>
/// <param name="Calculator">The calculator kind.</param>
/// <param name="Workers">Worker slots: the embedded runtime's, or those seen across Temporal's worker processes.</param>
/// <param name="FirstStart">When the first attempt started.</param>
/// <param name="Jobs">Every job.</param>
/// <param name="Attempts">Every attempt recorded.</param>
/// <param name="Results">The rows of results.db.</param>
/// <param name="Lanes">The task stream's lanes, top to bottom: "slot k" on the embedded runtime, "worker slot k" on Temporal.</param>
/// <param name="Dataset">The dataset section: frames by config_type, label distributions, cost by size.</param>
/// <param name="Cost">What the labels cost in compute (every attempt, failed ones included).</param>
/// <param name="Learned">The corrections the campaign learned from its repairs.</param>
internal sealed record ReportData(
    string Campaign,
    string Workdir,
    string Calculator,
    int Workers,
    DateTimeOffset? FirstStart,
    IReadOnlyList<JobRecord> Jobs,
    IReadOnlyList<ReportAttempt> Attempts,
    IReadOnlyList<ResultSummary> Results,
    IReadOnlyList<string> Lanes,
    DatasetSummary Dataset,
    CampaignCost Cost,
    IReadOnlyList<LearnedCorrection> Learned)
{
    public int Completed => Jobs.Count(j => j.State == JobState.Completed);

    public IReadOnlyList<JobRecord> Failed => Jobs.Where(j => j.State == JobState.Failed).ToList();

    public int Pending => Jobs.Count - Completed - Failed.Count;

    /// <summary>Seconds from the first attempt's start to the last attempt's end (0 before any attempt ended).</summary>
    public double Span => Attempts.Count == 0 ? 0 : Attempts.Max(a => a.Ended);

    /// <summary>Reads <paramref name="workdirPath"/>; safe while a manager runs in it. <see cref="InputException"/> when it holds no campaign.</summary>
    public static ReportData Load(string workdirPath)
    {
        var workdir = Core.Workspace.Workdir.For(workdirPath);
        using var journal = CampaignJournal.OpenExisting(workdir.StateDb)
            ?? throw new InputException($"--workdir {workdirPath}: holds no campaign (no state.db)");
        var spec = CampaignSpecReader.Read(journal.ReadMeta("spec")!, "/", "campaign.json");
        var jobs = journal.LoadJobs();
        var records = journal.LoadAttempts();
        var ids = jobs.ToDictionary(j => j.Sequence, j => j);
        var origin = records.Count == 0 ? (DateTimeOffset?)null : records.Min(a => a.Started);
        var (laneOf, lanes) = LanesOf(records, spec.Workers);
        var attempts = records.Select(a =>
        {
            var job = ids[a.Sequence];
            var outcome = AttemptVerdicts.Of(job, a.Attempt, a.Outcome);
            var started = (a.Started - origin!.Value).TotalSeconds;
            var ended = (a.Ended - origin.Value).TotalSeconds;
            var ran = RunStart(workdir, job.JobId, a.Attempt) is { } at ? (at - origin.Value).TotalSeconds : (double?)null;
            return new ReportAttempt(job.JobId, a.Attempt, laneOf(a), started, ended, outcome, a.FailureKind, a.Message, ran > started && ran < ended ? ran : null);
        }).ToList();
        var results = File.Exists(workdir.ResultsDb) ? AseResultsReader.ReadAll(workdir.ResultsDb) : [];
        var workers = records.Any(a => a.Worker != null) ? lanes.Count(l => !l.StartsWith(LostWorker, StringComparison.Ordinal)) : spec.Workers;
        var dataset = File.Exists(workdir.ResultsDb) ? DatasetSummary.Load(workdir.ResultsDb) : DatasetSummary.Empty;
        var (seconds, failedSeconds) = journal.AttemptSeconds();
        var cost = CampaignCost.From(seconds, failedSeconds, jobs.Count(j => j.State == JobState.Completed), spec);
        return new ReportData(spec.Name, workdir.Root, spec.Calculator.Kind, workers, origin, jobs, attempts, results, lanes, dataset, cost, journal.ReadLearning()?.Active ?? []);
    }

    private const string LostWorker = "worker lost";

    /// <summary>
    /// One lane per worker slot: the embedded runtime's slots as they are; on Temporal, each (worker process, slot)
    /// seen, in order, and a last lane for attempts whose worker was lost before it could say who it was.
    /// </summary>
    private static (Func<AttemptRecord, int> LaneOf, IReadOnlyList<string> Lanes) LanesOf(List<AttemptRecord> records, int workers)
    {
        if (!records.Any(a => a.Worker != null))
        {
            var count = Math.Max(workers, records.Count == 0 ? 0 : records.Max(a => a.Slot));
            return (a => a.Slot, Enumerable.Range(1, count).Select(s => $"slot {s}").ToList());
        }

        var seen = records.Where(a => a.Worker != null).Select(a => (Worker: a.Worker!, a.Slot)).Distinct()
            .OrderBy(l => l.Worker, StringComparer.Ordinal).ThenBy(l => l.Slot).ToList();
        var index = seen.Select((lane, i) => (lane, i)).ToDictionary(p => p.lane, p => p.i + 1);
        var labels = seen.Select(l => $"{l.Worker} slot {l.Slot}").ToList();
        if (records.Any(a => a.Worker == null))
        {
            labels.Add(LostWorker);
        }

        return (a => a.Worker == null ? seen.Count + 1 : index[(a.Worker, a.Slot)], labels);
    }

    /// <summary>When a Slurm job's script started the attempt's command (its <c>job.started</c>), or null.</summary>
    private static DateTimeOffset? RunStart(Core.Workspace.Workdir workdir, string jobId, int attempt)
    {
        var path = new SlurmAttemptFiles(workdir.AttemptDirectory(jobId, attempt)).Started;
        try
        {
            return double.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
