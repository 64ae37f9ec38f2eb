using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Demos;

/// <summary>
/// A demo's look into a working directory's journal (state.db): the jobs' states and the attempts, as the runtime
/// committed them (on the embedded runtime before acting on them; on Temporal as the projector recorded them).
/// </summary>
internal sealed class DemoJournal
{
    private readonly Dictionary<int, string> jobIds;

    private DemoJournal(List<JobRecord> jobs, List<AttemptRecord> attempts)
    {
        Jobs = jobs;
        Attempts = attempts;
        jobIds = jobs.ToDictionary(j => j.Sequence, j => j.JobId);
    }

    public IReadOnlyList<JobRecord> Jobs { get; }

    /// <summary>Every attempt that ended, in the order they ended.</summary>
    public IReadOnlyList<AttemptRecord> Attempts { get; }

    public IReadOnlySet<string> Completed => Jobs.Where(j => j.State == JobState.Completed).Select(j => j.JobId).ToHashSet(StringComparer.Ordinal);

    public IReadOnlySet<string> Pending => Jobs.Where(j => !j.IsTerminal).Select(j => j.JobId).ToHashSet(StringComparer.Ordinal);

    public static DemoJournal Read(string workdir)
    {
        using var journal = CampaignJournal.OpenExisting(Path.Combine(workdir, "state.db"))
            ?? throw new ClaimFailedException($"{workdir} holds no campaign journal (state.db): the run never created its campaign");
        return new DemoJournal(journal.LoadJobs(), journal.LoadAttempts());
    }

    public string JobId(AttemptRecord attempt) => jobIds[attempt.Sequence];

    /// <summary>The attempts of <paramref name="jobId"/>, in attempt order.</summary>
    public List<AttemptRecord> AttemptsOf(string jobId) => Attempts.Where(a => JobId(a) == jobId).OrderBy(a => a.Attempt).ToList();

    /// <summary>
    /// Checks that <paramref name="jobId"/> failed on its first attempt and completed on its second, which started no
    /// sooner than <paramref name="backoff"/> after the first ended; returns what was seen, for display.
    /// </summary>
    public string CheckRetry(string jobId, TimeSpan backoff, List<string> claims)
    {
        var attempts = AttemptsOf(jobId);
        var seen = string.Join("; ", attempts.Select(a => $"attempt {a.Attempt} {a.Outcome.Name()}{(a.FailureKind == null ? "" : $" ({a.FailureKind})")}"));
        if (attempts is not [{ Attempt: 1, Outcome: AttemptEnd.Failed } failed, { Attempt: 2, Outcome: AttemptEnd.Completed } completed])
        {
            claims.Add($"{jobId} should have failed on attempt 1 and completed on attempt 2, but the journal holds: {(seen.Length == 0 ? "no attempt" : seen)}");
            return seen;
        }

        var gap = completed.Started - failed.Ended;
        // The journal keeps times to the millisecond.
        if (gap < backoff - TimeSpan.FromMilliseconds(10))
        {
            claims.Add($"attempt 2 of {jobId} should wait out the backoff of {backoff.TotalSeconds:0.###} s, but started {gap.TotalSeconds:0.###} s after attempt 1 ended");
        }

        return $"{seen}; attempt 2 started {gap.TotalSeconds:0.00} s after attempt 1 ended (backoff {backoff.TotalSeconds:0.###} s)";
    }

    /// <summary>The most attempts that were running at the same instant, from their start and end times.</summary>
    public static int PeakConcurrency(IEnumerable<AttemptRecord> attempts)
    {
        var edges = attempts.SelectMany(a => new[] { (At: a.Started, Step: 1), (At: a.Ended, Step: -1) })
            .OrderBy(e => e.At).ThenBy(e => e.Step); // an end before a start at the same instant: back to back is not at once
        var (running, peak) = (0, 0);
        foreach (var edge in edges)
        {
            running += edge.Step;
            peak = Math.Max(peak, running);
        }

        return peak;
    }
}
