using System.Text.Json.Nodes;
using AutoPipe.Client.Tests.Support;
using Xunit.Abstractions;

namespace AutoPipe.Client.Tests.Dashboard;

/// <summary>
/// <c>autopipe dashboard --workdir</c> attached to a campaign that another process runs on Temporal (a real server and
/// worker; skipped, saying so, without TEMPORAL_ADDRESS): the workflow and its link, lanes per worker slot, the end.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class DashboardTemporalTests(ITestOutputHelper output)
{
    private static readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [TemporalFact]
    public void Dashboard_AttachedToATemporalCampaignOfAnotherProcess_ShowsTheWorkflowWorkerLanesAndTheEnd()
    {
        using var dir = new TempDir();
        var name = "dash-" + Guid.NewGuid().ToString("N")[..8];
        var queue = "autopipe-test-" + name;
        var spec = Specs.Mock(dir, name, jobs: 8, workers: 1, seconds: 1.5, failFirst: """{"job-0003":1}""");
        var workdir = Path.Combine(dir.Path, "work");
        using var worker = TemporalWorkers.Start(queue, maxConcurrent: 2);
        try
        {
            using var run = Cli.Start("run", spec, "--workdir", workdir, "--temporal", TemporalWorkers.Address!, "--task-queue", queue, "--temporal-ui", "http://localhost:8080");
            using var dashboard = Cli.Start("dashboard", "--workdir", workdir, "--address", DashboardPage.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
            var url = DashboardPage.WaitForUrl(dashboard);

            var running = Until(
                url,
                s => s["status"]!.GetValue<string>() == "running" && s["inFlight"]!.AsArray().Any(c => c!["worker"] != null && c["lane"]!.GetValue<string>().Contains(" slot ", StringComparison.Ordinal)),
                180,
                "a calculation running on the worker, in its slot's lane");
            Assert.Equal("temporal", running["runtime"]!.GetValue<string>());
            Assert.Equal($"autopipe-{name}", running["workflowId"]!.GetValue<string>());
            Assert.Equal($"http://localhost:8080/namespaces/default/workflows/autopipe-{name}", running["temporalUi"]!.GetValue<string>());
            // The worker says which of its slots runs each calculation (heartbeat), so its bar grows in its lane.
            Assert.Contains(running["inFlight"]!.AsArray(), c => System.Text.RegularExpressions.Regex.IsMatch(c!["lane"]!.GetValue<string>(), @"^\S+ slot [12]$"));
            var final = Until(url, s => s["status"]!.GetValue<string>() == "finished", 300, "finished");
            Assert.Equal(0, run.Wait(120));

            var checkpoint = Checkpoint.Read(workdir);
            Assert.Equal((checkpoint.Completed.Count, checkpoint.Failed.Count), (final["completed"]!.GetValue<int>(), final["failed"]!.GetValue<int>()));
            Assert.Equal(8, final["completed"]!.GetValue<int>());
            Assert.All(final["lanes"]!.AsArray(), l => Assert.Matches(@"^\S+ slot [12]$", l!.GetValue<string>()));
            Assert.Contains(final["bars"]!.AsArray(), b => b!["job"]!.GetValue<string>() == "job-0003" && b["outcome"]!.GetValue<string>() == "retried");
            Assert.Contains($"Dashboard: campaign {name} finished: 8 completed", dashboard.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            TemporalWorkers.StopAll([worker]);
        }
    }

    private JsonNode Until(string url, Func<JsonNode, bool> condition, int seconds, string what)
    {
        JsonNode? state = null;
        Poll.Until(
            () =>
            {
                state = JsonNode.Parse(http.GetStringAsync(url + "api/state").GetAwaiter().GetResult());
                return condition(state!);
            },
            seconds,
            what);
        output.WriteLine($"{what}: {state!.ToJsonString()[..Math.Min(400, state.ToJsonString().Length)]}");
        return state;
    }
}
