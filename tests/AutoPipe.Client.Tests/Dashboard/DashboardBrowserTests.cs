using AutoPipe.Client.Tests.Support;
using Xunit.Abstractions;

namespace AutoPipe.Client.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's headless Chromium, one for the class) on real campaigns run by the real
/// autopipe in child processes: what a person watching it sees, and screenshots of it (screenshots/ in the test output).
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class DashboardBrowserTests(HeadlessChromium chromium, ITestOutputHelper output) : IClassFixture<HeadlessChromium>
{
    [Fact]
    public async Task RunWithDashboard_MockCampaignWithRetryAndPermanentFailure_PageFollowsItToTheCheckpoint()
    {
        using var dir = new TempDir();
        var spec = Specs.Mock(dir, "watched", jobs: 9, workers: 3, seconds: 1, failFirst: """{"job-0002":1,"job-0005":5}""");
        var workdir = Path.Combine(dir.Path, "work");
        using var run = Cli.Start("run", spec, "--workdir", workdir, "--dashboard", DashboardPage.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var url = DashboardPage.WaitForUrl(run);
        var (page, problems) = await chromium.NewPageAsync();

        await page.GotoAsync(url);

        // The counts rise while it runs: seen running with some but not all completed.
        var midway = await DashboardPage.UntilAsync(
            page, s => s["status"]!.GetValue<string>() == "running" && s["completed"]!.GetValue<int>() is > 0 and < 9 && s["inFlight"]!.AsArray().Count > 0, 60, "running, some completed");
        Assert.Equal(["slot 1", "slot 2", "slot 3"], midway["lanes"]!.AsArray().Select(l => l!.GetValue<string>()));
        output.WriteLine($"Screenshot: {await HeadlessChromium.ShootAsync(page, "dashboard-mock-running")}");
        var final = await DashboardPage.UntilAsync(page, s => s["status"]!.GetValue<string>() == "finished", 60, "finished");
        Assert.Equal(1, run.Wait(60));
        output.WriteLine($"Screenshot: {await HeadlessChromium.ShootAsync(page, "dashboard-mock-finished")}");

        // The final state is checkpoint.json's.
        var checkpoint = Checkpoint.Read(workdir);
        Assert.Equal(checkpoint.Completed.Count, final["completed"]!.GetValue<int>());
        Assert.Equal(checkpoint.Failed.Count, final["failed"]!.GetValue<int>());
        Assert.Equal(checkpoint.Pending.Count, final["total"]!.GetValue<int>() - final["completed"]!.GetValue<int>() - final["failed"]!.GetValue<int>());
        Assert.Equal(["job-0005"], checkpoint.Failed);
        // The retried jobs' bars: job-0002 retried then completed; job-0005 retried twice, then failed for good.
        var bars = await DashboardPage.BarsAsync(page);
        string[] Outcomes(string job) => bars.Where(b => b!["job"]!.GetValue<string>() == job).OrderBy(b => b!["attempt"]!.GetValue<int>()).Select(b => b!["outcome"]!.GetValue<string>()).ToArray();
        Assert.Equal(["retried", "completed"], Outcomes("job-0002"));
        Assert.Equal(["retried", "retried", "failed"], Outcomes("job-0005"));
        Assert.Equal(12, bars.Count);
        Assert.All(bars, b => Assert.Contains(b!["lane"]!.GetValue<string>(), new[] { "slot 1", "slot 2", "slot 3" }));
        // The failure list says it as text.
        var failures = await page.Locator(".failure").AllInnerTextsAsync();
        Assert.Equal(4, failures.Count);
        Assert.Contains("failed for good", failures[0], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("mock failure: job-0005 is set to fail its first 5 attempt(s)", failures[0], StringComparison.Ordinal);
        Assert.Equal("8", await page.Locator("#completed").InnerTextAsync());
        Assert.Empty(problems);
    }
}
