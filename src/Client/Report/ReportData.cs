using System.Globalization;
using AutoPipe.Core.Executors.Slurm;
using AutoPipe.Core.Input;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Report;

/// <summary>What a report is drawn from: the journal's jobs and attempts (state.db) and the results (results.db).</summary>
internal sealed record ReportData(
    string Campaign,
    string Workdir,
    string Calculator,
    int Workers,
    DateTimeOffset? FirstStart,
    IReadOnlyList<JobRecord> Jobs,
    IReadOnlyList<ReportAttempt> Attempts,
    IReadOnlyList<ResultSummary> Results)
{
    public int Completed => Jobs.Count(j => j.State == JobState.Completed);

    public IReadOnlyList<JobRecord> Failed => Jobs.Where(j => j.State == JobState.Failed).ToList();

    public int Pending => Jobs.Count - Completed - Failed.Count;

    /// <summary>Seconds from the first attempt's start to the last attempt's end (0 before any attempt ended).</summary>
    public double Span => Attempts.Count == 0 ? 0 : Attempts.Max(a => a.Ended);

    /// <summary>Reads <paramref name="workdirPath"/>; safe while a manager runs in it. <see cref="InputException"/> when it holds no campaign.</summary>
    public static ReportData Load(string workdirPath)
    {
        var workdir = Core.Storage.Workdir.For(workdirPath);
        using var journal = CampaignJournal.OpenExisting(workdir.StateDb)
            ?? throw new InputException($"--workdir {workdirPath}: holds no campaign (no state.db)");
        var spec = CampaignSpecReader.Read(journal.ReadMeta("spec")!, "/", "campaign.json");
        var jobs = journal.LoadJobs();
        var records = journal.LoadAttempts();
        var ids = jobs.ToDictionary(j => j.Sequence, j => j);
        var origin = records.Count == 0 ? (DateTimeOffset?)null : records.Min(a => a.Started);
        var attempts = records.Select(a =>
        {
            var job = ids[a.Sequence];
            var outcome = a.Outcome switch
            {
                "completed" => AttemptOutcome.Completed,
                "interrupted" => AttemptOutcome.Interrupted,
                _ when job.State == JobState.Failed && a.Attempt == job.Attempts => AttemptOutcome.GaveUp,
                _ => AttemptOutcome.Retried,
            };
            var started = (a.Started - origin!.Value).TotalSeconds;
            var ended = (a.Ended - origin.Value).TotalSeconds;
            var ran = RunStart(workdir, job.JobId, a.Attempt) is { } at ? (at - origin.Value).TotalSeconds : (double?)null;
            return new ReportAttempt(job.JobId, a.Attempt, a.Slot, started, ended, outcome, a.FailureKind, a.Message, ran > started && ran < ended ? ran : null);
        }).ToList();
        var results = File.Exists(workdir.ResultsDb) ? AseResultsReader.ReadAll(workdir.ResultsDb) : [];
        return new ReportData(spec.Name, workdir.Root, spec.Calculator.Kind, spec.Workers, origin, jobs, attempts, results);
    }

    /// <summary>When a Slurm job's script started the attempt's command (its <c>job.started</c>), or null.</summary>
    private static DateTimeOffset? RunStart(Core.Storage.Workdir workdir, string jobId, int attempt)
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
