using System.Globalization;
using AutoPipe.Client.Tests.Support;
using Xunit.Abstractions;

namespace AutoPipe.Client.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's headless Chromium, one for the class) on real campaigns run by the real
/// autopipe in child processes: what a person watching it sees, and screenshots of it (screenshots/ in the test output).
/// </summary>
[Collection(TimingCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DashboardBrowserTests(HeadlessChromium chromium, ITestOutputHelper output) : IClassFixture<HeadlessChromium>
{
    private const string Html = "<img src=x onerror=alert(1)>";

    private static readonly string pseudoDir = Path.Combine(Specs.Examples, "pseudo");

    [Fact]
    public async Task RunWithDashboard_MockCampaignWithRetryAndPermanentFailure_PageFollowsItToTheCheckpoint()
    {
        using var dir = new TempDir();
        var spec = Specs.Mock(dir, "watched", jobs: 9, workers: 3, seconds: 1, failFirst: """{"job-0002":1,"job-0005":5}""");
        var workdir = Path.Combine(dir.Path, "work");
        using var run = Cli.Start("run", spec, "--workdir", workdir, "--dashboard", Port());
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
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Dashboard_AttachedToAPwxCampaignOfAnotherProcess_ShowsEachScfConvergingAndTheCorrection()
    {
        using var dir = new TempDir();
        // Two 8-atom Si cells; 6 SCF steps are too few at mixing_beta 0.4, so attempt 1 fails and is corrected.
        File.WriteAllText(Path.Combine(dir.Path, "si8.extxyz"), LongScf.Si8("moved", "Si 0.0 0.0 0.1086") + LongScf.Si8("rattled", "Si 0.05 0.0 0.0"));
        var spec = dir.File("si8.json", $$$"""
            {"name":"si8","workers":2,"structures":"si8.extxyz",
             "calculator":{"kind":"espresso","pseudoDir":"{{{pseudoDir}}}","pseudopotentials":{"Si":"Si.pz-vbc.UPF"},
                           "parameters":{"ecutwfc":20,"conv_thr":1e-10,"mixing_beta":0.4,"electron_maxstep":6},"kpts":[2,2,2],"timeoutSeconds":120},
             "retry":{"maxAttempts":3,"initialIntervalSeconds":0.1}}
            """);
        var workdir = Path.Combine(dir.Path, "work");
        // The dashboard first: it waits for the campaign that the run, in another process, creates.
        using var dashboard = Cli.Start("dashboard", "--workdir", workdir, "--address", Port());
        var url = DashboardPage.WaitForUrl(dashboard);
        var (page, problems) = await chromium.NewPageAsync();
        await page.GotoAsync(url);
        using var run = Cli.Start("run", spec, "--workdir", workdir);

        // A running pw.x calculation's SCF so far, as a chart: several iterations, accuracies falling to conv_thr.
        var running = await DashboardPage.UntilAsync(
            page, s => s["inFlight"]!.AsArray().Count(c => c!["scf"] is { } scf && scf.AsArray().Count >= 3) == 2, 120, "both calculations with 3 SCF iterations");
        var iterations = await page.Locator(".card .scf").EvaluateAllAsync<int[]>("charts => charts.map(c => Number(c.dataset.iterations))");
        Assert.True(iterations.Length == 2 && iterations.All(i => i >= 3), $"SCF charts with {string.Join(", ", iterations)} iterations");
        Assert.All(running["inFlight"]!.AsArray(), c => Assert.Equal(1e-10, c!["scfTarget"]!.GetValue<double>()));
        Assert.Contains(await page.Locator(".card .meta").AllInnerTextsAsync(), m => m.Contains("Si8 \u00b7 config_type moved", StringComparison.Ordinal));
        output.WriteLine($"Screenshot: {await HeadlessChromium.ShootAsync(page, "dashboard-pwx-running")}");
        var corrected = await DashboardPage.UntilAsync(page, s => s["corrected"]!.GetValue<int>() >= 1 && s["inFlight"]!.AsArray().Count == 2, 120, "a corrected attempt, and two running");
        output.WriteLine($"Screenshot: {await HeadlessChromium.ShootAsync(page, "dashboard-pwx-corrected")}");
        var final = await DashboardPage.UntilAsync(page, s => s["status"]!.GetValue<string>() == "finished", 180, "finished");
        Assert.Equal(0, run.Wait(60));
        output.WriteLine($"Screenshot: {await HeadlessChromium.ShootAsync(page, "dashboard-pwx-finished")}");

        var checkpoint = Checkpoint.Read(workdir);
        Assert.Equal(checkpoint.Completed.Count, final["completed"]!.GetValue<int>());
        Assert.Equal(2, final["completed"]!.GetValue<int>());
        Assert.Equal(2, final["results"]!.GetValue<int>());
        Assert.Contains(await page.Locator(".failure .change").AllInnerTextsAsync(), c => c.Contains("mixing_beta 0.4 \u2192 0.2", StringComparison.Ordinal));
        Assert.Contains(await DashboardPage.BarsAsync(page), b => b!["outcome"]!.GetValue<string>() == "corrected");
        // The dashboard says the campaign ended, and keeps serving.
        Poll.Until(() => dashboard.Stdout.Contains("Dashboard: campaign si8 finished: 2 completed, 0 failed, 0 pending", StringComparison.Ordinal), 30, "the dashboard saying it ended");
        Assert.False(dashboard.HasExited);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task RunWithDashboard_HtmlInAFailureMessageAndConfigType_ShownAsTextNeverAsMarkup()
    {
        using var dir = new TempDir();
        // A real path for markup into the page: pw.x's stderr becomes the failure message, and config_type comes from the extxyz file.
        // It runs until the test has seen it running (the file "go"), so the page cannot miss it, however slow the machine.
        var go = Path.Combine(dir.Path, "go");
        var pw = dir.File("pw.sh", $"#!/bin/sh\nfor i in $(seq 600); do [ -f '{go}' ] && break; sleep 0.1; done\nprintf '%s\\n' '{Html}' >&2\nexit 1\n");
        File.SetUnixFileMode(pw, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var frame = File.ReadAllLines(Path.Combine(Specs.Examples, "si-rattled.extxyz")).Take(4).ToArray();
        frame[1] += $" config_type=\"{Html}\"";
        File.WriteAllLines(Path.Combine(dir.Path, "one.extxyz"), frame);
        var spec = dir.File("xss.json", $$$"""
            {"name":"xss","workers":1,"structures":"one.extxyz",
             "calculator":{"kind":"espresso","command":"{{{pw}}}","pseudoDir":"{{{pseudoDir}}}","pseudopotentials":{"Si":"Si.pz-vbc.UPF"},
                           "parameters":{"ecutwfc":20},"kpts":[2,2,2],"timeoutSeconds":60},
             "retry":{"maxAttempts":1}}
            """);
        using var run = Cli.Start("run", spec, "--workdir", Path.Combine(dir.Path, "work"), "--dashboard", Port());
        var (page, problems) = await chromium.NewPageAsync();
        await page.GotoAsync(DashboardPage.WaitForUrl(run));

        await DashboardPage.UntilAsync(page, s => s["inFlight"]!.AsArray().Count == 1, 60, "the calculation running");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.card .meta').length === 1");
        Assert.Contains($"config_type {Html}", await page.Locator(".card .meta").InnerTextAsync(), StringComparison.Ordinal);
        File.WriteAllText(go, "");
        await DashboardPage.UntilAsync(page, s => s["status"]!.GetValue<string>() == "finished", 60, "finished");
        Assert.Equal(1, run.Wait(60));
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.failure .message').length === 1");

        Assert.EndsWith($"stderr: {Html}", await page.Locator(".failure .message").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('[onerror]').length"));
        output.WriteLine($"Screenshot: {await HeadlessChromium.ShootAsync(page, "dashboard-html-as-text")}");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string Port() => DashboardPage.FreePort().ToString(CultureInfo.InvariantCulture);
}
