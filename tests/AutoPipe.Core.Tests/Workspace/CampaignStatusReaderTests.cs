using AutoPipe.Core.Projection;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using Serilog;

namespace AutoPipe.Core.Tests.Workspace;

public sealed class CampaignStatusReaderTests
{
    private static readonly ILogger silent = new LoggerConfiguration().CreateLogger();

    [Fact]
    public void Read_StatusFileStillListsAnAttemptTheJournalHoldsAsEnded_ShowsItFinishedOnly()
    {
        using var dir = new TempDir();
        var spec = dir.File("c.json", """{"name":"watched","workers":3,"jobs":{"count":4},"calculator":{"kind":"mock","seconds":0}}""");
        var workdir = Path.Combine(dir.Path, "work");
        // A manager runs (it holds the directory): status.json, rewritten every second, was written while job-0001
        // ran its last attempt, job-0002 its first and job-0003 its first; the journal has moved on since.
        using var campaign = CampaignWorkspace.Open(spec, workdir, new RuntimeOptions(), silent);
        var started = DateTimeOffset.UtcNow;
        StatusFile.Write(
            campaign.Workdir,
            new CampaignProgress("watched", 4, 0, 0, 0, started,
            [
                new InFlightCalculation("job-0001", 1, 3, 3, started, null),
                new InFlightCalculation("job-0002", 2, 1, 3, started, null),
                new InFlightCalculation("job-0003", 3, 1, 3, started, null),
            ]),
            TimeProvider.System);
        Commit(campaign, campaign.Jobs[0], JobState.Failed, attempts: 3);
        Commit(campaign, campaign.Jobs[1], JobState.Pending, attempts: 1);

        var status = CampaignStatusReader.Read(workdir);

        // job-0001 failed for good and job-0002 waits for its retry: neither runs. Before, the display read
        // "0 completed, 1 failed, 3 pending (3 running)" and, at the end of a campaign, "1 failed ... (1 running)".
        Assert.Equal(["job-0001"], status.Failed.Select(f => f.JobId));
        Assert.Equal(["job-0003"], status.InFlight.Select(c => c.JobId));
        Assert.Equal(3, status.Pending);
    }

    private static void Commit(OpenedCampaign campaign, JobRecord job, JobState state, int attempts)
    {
        job.State = state;
        job.Attempts = attempts;
        job.FailureReason = state == JobState.Failed ? "Transient: flaky (gave up after 3 of 3 attempts)" : null;
        var now = DateTimeOffset.UtcNow;
        campaign.Journal.Commit([job], [new AttemptRecord(job.Sequence, attempts, 1, now, now, AttemptEnd.Failed, "Transient", "flaky")], null);
    }
}
