using AutoPipe.Client.Report;
using AutoPipe.Client.Tests.Support;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Tests.Report;

[Collection(TimingCollection.Name)]
public class ReportTests
{
    [Fact]
    public void Report_MockCampaignWithARetryAndAFailure_PageLoadsInChromiumWithEveryFigure()
    {
        using var dir = new TempDir();
        var workdir = Path.Combine(dir.Path, "work");
        var spec = Specs.Mock(dir, "report-check", jobs: 5, workers: 2, seconds: 0.3, failFirst: """{"job-0002":1,"job-0004":3}""",
            retry: """{"maxAttempts":3,"initialIntervalSeconds":0.1}""");
        var (runExit, runOut, runErr) = Cli.Run(60, "run", spec, "--workdir", workdir);
        Assert.True(runExit == 1, runOut + runErr);

        var (exit, stdout, stderr) = Cli.Run(60, "report", "--workdir", workdir);

        Assert.True(exit == 0, stdout + stderr);
        var output = Path.Combine(workdir, "report");
        string[] figures = ["task-stream.png", "throughput.png", "attempts.png", "failure-kinds.png", "energy.png", "max-force.png",
            "config-types.png", "energy-per-atom.png", "force-magnitude.png", "cost-by-size.png"];
        foreach (var figure in figures)
        {
            var png = File.ReadAllBytes(Path.Combine(output, figure));
            Assert.True(png.Length > 2000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', figure);
        }

        var html = File.ReadAllText(Path.Combine(output, "index.html"));
        Assert.Equal(figures.Length, html.Split("<img ").Length - 1);
        Assert.Equal(figures.Length, html.Split("src=\"data:image/png;base64,").Length - 1);
        Assert.Contains("job-0004", html, StringComparison.Ordinal);
        Assert.Contains("gave up after 3 of 3 attempts", html, StringComparison.Ordinal);
        var page = Chromium.Load(Path.Combine(output, "index.html"));
        Assert.True(page.Errors == 0 && page.ConsoleErrors.Count == 0, page.Detail + string.Join('\n', page.ConsoleErrors));
        Assert.Equal(figures.Length, page.Images);
        Assert.Equal(0, page.Broken);
    }

    [Fact]
    public void ReportData_MockCampaignWithARetryAndAFailure_OneBarPerAttemptOnItsSlotColouredByOutcome()
    {
        using var dir = new TempDir();
        var workdir = Path.Combine(dir.Path, "work");
        var spec = Specs.Mock(dir, "report-data", jobs: 4, workers: 2, seconds: 0.2, failFirst: """{"job-0002":1,"job-0004":3}""",
            retry: """{"maxAttempts":3,"initialIntervalSeconds":0.1}""");
        Assert.Equal(1, Cli.Run(60, "run", spec, "--workdir", workdir).Exit);

        var data = ReportData.Load(workdir);

        Assert.Equal(1 + 2 + 1 + 3, data.Attempts.Count);
        Assert.All(data.Attempts, a => Assert.InRange(a.Slot, 1, 2));
        Assert.All(data.Attempts, a => Assert.True(a.Ended >= a.Started && a.Started >= 0));
        Assert.Equal(0, data.Attempts.Min(a => a.Started));
        Assert.Equal([AttemptVerdict.Retried, AttemptVerdict.Completed], data.Attempts.Where(a => a.JobId == "job-0002").OrderBy(a => a.Attempt).Select(a => a.Outcome));
        Assert.Equal([AttemptVerdict.Retried, AttemptVerdict.Retried, AttemptVerdict.GaveUp], data.Attempts.Where(a => a.JobId == "job-0004").OrderBy(a => a.Attempt).Select(a => a.Outcome));
        Assert.Equal(3, data.Results.Count);
        Assert.Equal(["job-0004"], data.Failed.Select(j => j.JobId));
        // Attempts on one slot never overlap: a lane of the task stream is one worker at a time.
        foreach (var lane in data.Attempts.GroupBy(a => a.Slot))
        {
            var ordered = lane.OrderBy(a => a.Started).ToList();
            Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.Second.Started >= pair.First.Ended - 0.002, $"{pair.First} overlaps {pair.Second}"));
        }
    }

    [Fact]
    public void Report_NoCampaignInDirectory_ExitsWith2()
    {
        using var dir = new TempDir();

        var (exit, _, stderr) = Cli.Run(30, "report", "--workdir", dir.Path);

        Assert.Equal(2, exit);
        Assert.Contains("holds no campaign", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusWatch_OutputRedirected_PrintsProgressLinesUntilTheRunEnds()
    {
        using var dir = new TempDir();
        var workdir = Path.Combine(dir.Path, "work");
        var spec = Specs.Mock(dir, "watch", jobs: 10, workers: 2, seconds: 0.5);
        using var run = Cli.Start("run", spec, "--workdir", workdir, "--progress", "none");
        Poll.Until(() => File.Exists(Path.Combine(workdir, "status.json")), 30, "the manager writes status.json");

        var (exit, stdout, stderr) = Cli.Run(60, "status", "--watch", "--interval", "0.3", "--workdir", workdir);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(0, run.Wait(30));
        Assert.Contains("Progress: ", stdout, StringComparison.Ordinal);
        Assert.Contains("running", stdout, StringComparison.Ordinal);
        // The final status closes the output: the counts, then what the labels cost.
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToList();
        Assert.EndsWith("10 completed, 0 failed, 0 pending, of 10", lines[^2]);
        Assert.Matches(@"^  compute: \d+\.\d+ core-hours, \d+\.\d+ per label \(10 labels\), 0 % on failed attempts$", lines[^1]);
        Assert.Contains("Campaign watch in ", stdout, StringComparison.Ordinal);
    }
}
