using AutoPipe.Client.Report;
using AutoPipe.Client.Tests.Support;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Projection;
using Serilog;

namespace AutoPipe.Client.Tests.Report;

/// <summary>
/// The report of a campaign projected from Temporal: the attempts the workflow hands over (worker, slot, start, end)
/// reach state.db, and the task stream gets one lane per worker slot across worker processes.
/// </summary>
public sealed class TemporalReportTests
{
    [Fact]
    public async Task Report_OutcomesFromTwoWorkerProcesses_OneLanePerWorkerSlot()
    {
        using var dir = new TempDir();
        var workdir = Path.Combine(dir.Path, "work");
        var spec = Specs.Mock(dir, "lanes", jobs: 3, workers: 1, seconds: 0);
        var silent = new LoggerConfiguration().CreateLogger();
        var start = DateTimeOffset.UtcNow;
        using (var campaign = CampaignWorkspace.Open(spec, workdir, new RuntimeOptions(), silent))
        using (var projection = new WorkdirProjection(campaign, silent))
        {
            var jobs = (await projection.LoadBatchAsync(1, 3, CancellationToken.None)).Jobs;
            var calculator = new MockCalculator(new Core.Spec.MockCalculatorSpec(0, new Dictionary<string, int>()));
            var outcomes = new List<JobOutcome>();
            string[] workers = ["11@node-a", "11@node-a", "22@node-b"];
            for (var i = 0; i < 3; i++)
            {
                var job = jobs[i];
                var result = await calculator.RunAsync(new CalculationRequest(job.JobId, 1, job.Structure.ToStructure(), new Dictionary<string, System.Text.Json.Nodes.JsonNode>(), dir.Path, null), null, CancellationToken.None);
                var attempts = new List<AttemptReport>();
                if (i == 2)
                {
                    attempts.Add(new AttemptReport(1, "22@node-b", 1, start, start.AddSeconds(1), AttemptEnd.Failed, nameof(FailureKind.Transient), "flaky"));
                }

                attempts.Add(new AttemptReport(attempts.Count + 1, workers[i], i == 1 ? 2 : 1, start.AddSeconds(1), start.AddSeconds(2 + i), AttemptEnd.Completed, null, null));
                outcomes.Add(new JobOutcome(job.Sequence, job.JobId, JobStatus.Completed, attempts.Count, result, null, null, [], i == 2 ? ["Transient: flaky"] : [], attempts));
            }

            await projection.RecordAsync(outcomes, null, CancellationToken.None);
        }

        var data = ReportData.Load(workdir);
        Assert.Equal(["11@node-a slot 1", "11@node-a slot 2", "22@node-b slot 1"], data.Lanes);
        Assert.Equal([1, 2, 3, 3], data.Attempts.OrderBy(a => a.JobId).ThenBy(a => a.Attempt).Select(a => a.Slot));
        Assert.Equal(3, data.Workers);

        var (exit, stdout, stderr) = Cli.Run(60, "report", "--workdir", workdir);
        Assert.True(exit == 0, stdout + stderr);
        Assert.True(new FileInfo(Path.Combine(workdir, "report", "task-stream.png")).Length > 2000);
    }
}
