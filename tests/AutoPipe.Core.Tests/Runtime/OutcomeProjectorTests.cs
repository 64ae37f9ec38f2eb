using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;
using Serilog;

namespace AutoPipe.Core.Tests.Runtime;

public class OutcomeProjectorTests
{
    private static readonly ILogger silent = new LoggerConfiguration().CreateLogger();

    [Fact]
    public async Task Record_SameOutcomesDeliveredTwice_OneRowPerJobAndCheckpointLikeEmbedded()
    {
        using var dir = new TempDir();
        var spec = dir.File("c.json", """{"name":"projected","workers":2,"jobs":{"count":3},"calculator":{"kind":"mock","seconds":0}}""");
        var workdir = Path.Combine(dir.Path, "work");
        var calculator = new MockCalculator(new MockCalculatorSpec(0, new Dictionary<string, int>()));
        using (var campaign = CampaignWorkspace.Open(spec, workdir, new RuntimeOptions(), silent))
        using (var jobs = new WorkdirJobs(campaign))
        using (var projector = new OutcomeProjector(campaign, new RuntimeOptions(), silent))
        {
            var outcomes = new List<ProjectedOutcome>();
            foreach (var (_, jobId, structure) in jobs.Load(1, 10))
            {
                var result = await calculator.RunAsync(new CalculationRequest(jobId, 1, structure, new Dictionary<string, JsonNode>(), workdir, null), null, CancellationToken.None);
                outcomes.Add(jobId == "job-0003"
                    ? new ProjectedOutcome(jobId, 3, null, "Transient: flaky (gave up after 3 of 3 attempts)", [], ["Transient: flaky", "Transient: flaky", "Transient: flaky"])
                    : new ProjectedOutcome(jobId, 2, result, null, ["attempt 2: mixing_beta 0.7 -> 0.35"], ["ScfNotConverged: x"]));
            }

            projector.Record(outcomes);
            projector.Record(outcomes);
            Assert.Equal((2, 1), projector.Counts);
        }

        var rows = AseResultsReader.ReadAll(Path.Combine(workdir, "results.db"));
        Assert.Equal(["job-0001", "job-0002"], rows.Select(r => r.JobId));
        Assert.All(rows, r => Assert.Equal(2, r.Attempts));
        var checkpoint = JsonNode.Parse(File.ReadAllText(Path.Combine(workdir, "checkpoint.json")))!;
        Assert.Equal("finished", checkpoint["status"]!.GetValue<string>());
        Assert.Equal("job-0003", checkpoint["failed_job_ids"]![0]!.GetValue<string>());
        Assert.Equal("attempt 2: mixing_beta 0.7 -> 0.35", checkpoint["jobs"]!["job-0001"]!["corrections"]![0]!.GetValue<string>());
        Assert.Equal("projected 2", AsePython.Run(
            "import sys; from ase.db import connect; r = connect(sys.argv[1]).get(job_id='job-0002'); print(r.campaign, r.attempts)",
            Path.Combine(workdir, "results.db")).Trim());
    }
}
