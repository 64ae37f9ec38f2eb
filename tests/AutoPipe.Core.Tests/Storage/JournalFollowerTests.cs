using AutoPipe.Core.Embedded;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using Serilog;

namespace AutoPipe.Core.Tests.Storage;

public class JournalFollowerTests
{
    private static readonly ILogger silent = new LoggerConfiguration().CreateLogger();

    [Fact]
    public async Task ReadSince_AfterTheLastAttemptSeen_OnlyWhatEndedLaterWithItsJob()
    {
        using var dir = new TempDir();
        var spec = dir.File("c.json", """
            {"name":"followed","workers":1,"jobs":{"count":4},"calculator":{"kind":"mock","seconds":0,"failFirstAttempts":{"job-0002":1,"job-0004":3}},
             "retry":{"maxAttempts":2,"initialIntervalSeconds":0.01}}
            """);
        var workdir = Path.Combine(dir.Path, "work");
        Assert.Null(JournalFollower.TryOpen(Path.Combine(workdir, "state.db")));
        using (var campaign = CampaignWorkspace.Open(spec, workdir, new RuntimeOptions(), silent))
        {
            await new EmbeddedRuntime(campaign, new RuntimeOptions(), silent).RunAsync(CancellationToken.None);
        }

        using var follower = JournalFollower.TryOpen(Path.Combine(workdir, "state.db"))!;
        var summary = follower.ReadSummary(latest: 2);
        var all = follower.ReadSince(0, 100);
        var rest = follower.ReadSince(all.Attempts[3].Id, 100);

        Assert.Equal((4, 3, 1, 6L), (summary.Total, summary.Completed, summary.Failed, summary.Attempts));
        Assert.Contains("\"followed\"", summary.SpecJson, StringComparison.Ordinal);
        Assert.Equal(all.Attempts.TakeLast(2).Select(a => a.Id), summary.Latest.Attempts.Select(a => a.Id));
        Assert.Equal(6, all.Attempts.Count);
        Assert.Equal(all.Attempts.Skip(4).Select(a => a.Id), rest.Attempts.Select(a => a.Id));
        Assert.Empty(follower.ReadSince(all.LastId(0), 100).Attempts);
        // Each attempt's job as it is now: job-0004 failed for good after its second attempt.
        var last = all.Attempts.Last(a => all.Jobs[a.Attempt.Sequence].JobId == "job-0004");
        Assert.Equal((JobState.Failed, 2, AttemptEnd.Failed), (all.Jobs[last.Attempt.Sequence].State, last.Attempt.Attempt, last.Attempt.Outcome));
        Assert.Equal((3, 1), follower.CountFinished());
        Assert.Equal("job-0003", follower.ReadJob("job-0003")!.Value.Job.JobId);
        Assert.Null(follower.ReadJob("no-such-job"));
    }

    [Fact]
    public async Task ResultsFollower_RowsAboveTheLastId_WithEveryAtomsForceMagnitude()
    {
        using var dir = new TempDir();
        var spec = dir.File("c.json", """{"name":"rows","workers":2,"jobs":{"count":5},"calculator":{"kind":"mock","seconds":0}}""");
        var workdir = Path.Combine(dir.Path, "work");
        using var results = new ResultsFollower(Path.Combine(workdir, "results.db"));
        Assert.Empty(results.ReadSince(0, 100));
        using (var campaign = CampaignWorkspace.Open(spec, workdir, new RuntimeOptions(), silent))
        {
            await new EmbeddedRuntime(campaign, new RuntimeOptions(), silent).RunAsync(CancellationToken.None);
        }

        var rows = results.ReadSince(0, 3);
        var more = results.ReadSince(rows[^1].Id, 100);

        Assert.Equal(3, rows.Count);
        Assert.Equal(2, more.Count);
        var reference = AseResultsReader.ReadAll(Path.Combine(workdir, "results.db"));
        Assert.Equal(reference.Select(r => r.JobId), rows.Concat(more).Select(r => r.JobId));
        Assert.All(rows.Concat(more), r => Assert.Equal(r.Atoms, r.ForceMagnitudes.Count));
        Assert.Equal(reference.Select(r => r.Fmax!.Value), rows.Concat(more).Select(r => r.ForceMagnitudes.Max()), new ToleranceComparer(1e-9));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
