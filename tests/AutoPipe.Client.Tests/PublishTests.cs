using AutoPipe.Client.Tests.Support;
using Xunit.Abstractions;

namespace AutoPipe.Client.Tests;

/// <summary>
/// A published build runs everything it ships: the README's publish command, run once into a temporary folder, and
/// the worker bundled there (the demos start it), the <c>autopipe</c> apphost and its own child processes.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class PublishTests(PublishedBuild build, ITestOutputHelper output) : IClassFixture<PublishedBuild>
{
    [Theory]
    [InlineData("dotnet", "autopipe-worker.dll")]
    [InlineData("autopipe-worker")]
    public void PublishedWorker_NoServer_ExitsThreeNamingTheAddress(string program, string? assembly = null)
    {
        AssertPublished();
        var command = assembly == null ? Path.Combine(build.Folder, program) : program;
        string[] args = [.. assembly == null ? [] : new[] { Path.Combine(build.Folder, assembly) }, "--address", "127.0.0.1:1"];

        var (exit, text) = ChildProgram.Run(build.Folder, 60, command, args);

        output.WriteLine(text);
        Assert.DoesNotContain("DllNotFoundException", text, StringComparison.Ordinal);
        Assert.True(exit == 3, $"exit {exit}:\n{text}");
        Assert.Contains("autopipe-worker: cannot reach Temporal at 127.0.0.1:1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PublishedAutopipe_DemoRetry_RunsItsOwnChildAndTheClaimHolds()
    {
        AssertPublished();
        using var dir = new TempDir();

        var (exit, text) = ChildProgram.Run(dir.Path, 120, Path.Combine(build.Folder, "autopipe"), ["demo", "retry", "--job-seconds", "0.2", "--folder", Path.Combine(dir.Path, "demo")]);

        Assert.True(exit == 0, text);
        Assert.Contains("Retry successful", text, StringComparison.Ordinal);
    }

    [TemporalFact]
    public void PublishedAutopipe_DemoOnTemporal_StartsTheBundledWorkerAndTheClaimHolds()
    {
        AssertPublished();
        using var dir = new TempDir();

        var (exit, text) = ChildProgram.Run(dir.Path, 600, Path.Combine(build.Folder, "autopipe"),
            ["demo", "retry", "--temporal", TemporalWorkers.Address!, "--job-seconds", "0.5", "--folder", Path.Combine(dir.Path, "demo")]);

        output.WriteLine(text);
        Assert.DoesNotContain("DllNotFoundException", text, StringComparison.Ordinal);
        Assert.True(exit == 0, text);
        Assert.Contains("Retry successful", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedAutopipe_Dashboard_ServesThePageAndTheVendoredChartsFromItself()
    {
        AssertPublished();
        using var dir = new TempDir();
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(build.Folder, "autopipe")) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir.Path };
        foreach (var arg in new[] { "dashboard", "--workdir", Path.Combine(dir.Path, "work"), "--address", DashboardPage.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var dashboard = System.Diagnostics.Process.Start(start)!;
        try
        {
            var line = await dashboard.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            while (line != null && !line.Contains("Dashboard: http://", StringComparison.Ordinal))
            {
                line = await dashboard.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }

            Assert.NotNull(line);
            var url = line[line.IndexOf("http://", StringComparison.Ordinal)..].Trim();
            using var http = new HttpClient();
            Assert.Contains("vendor/echarts/echarts.min.js", await http.GetStringAsync(url), StringComparison.Ordinal);
            Assert.True((await http.GetByteArrayAsync(url + "vendor/echarts/echarts.min.js")).Length > 500_000);
            Assert.Contains("Apache License", await http.GetStringAsync(url + "vendor/echarts/LICENSE"), StringComparison.Ordinal);
            Assert.Contains("textContent", await http.GetStringAsync(url + "app.js"), StringComparison.Ordinal);
        }
        finally
        {
            dashboard.Kill(entireProcessTree: true);
            await dashboard.WaitForExitAsync();
        }
    }

    private void AssertPublished()
    {
        Assert.True(build.Exit == 0, $"{string.Join(' ', build.Command)} (into {build.Folder}) exited with {build.Exit}:\n{build.Output}");
        // The README says what it produces: the autopipe apphost in DIR.
        Assert.True(File.Exists(Path.Combine(build.Folder, "autopipe")), $"no apphost {build.Folder}/autopipe:\n{build.Output}");
    }
}
