using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Embedded;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Policy.Learning;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using AutoPipe.Worker.Activities;
using AutoPipe.Worker.Calculators;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Projection;
using AutoPipe.Worker.Scheduling;
using Serilog;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace AutoPipe.Worker.Tests.Parity;

/// <summary>
/// One campaign, two runtimes, one meaning: the same spec through <see cref="EmbeddedRuntime"/> and through what the
/// Temporal workflow does (the real <c>RunCalculation</c> activity under a minimal allow-list, decided by
/// <see cref="CampaignSchedule"/> and <see cref="JobAttempts"/>, projected by <see cref="WorkdirProjection"/>) leaves
/// identical checkpoint.json job entries and identical ASE rows. Runs without a server.
/// </summary>
public sealed class RuntimeParityTests
{
    // job-0002 fails once and is retried; job-0003 never succeeds and fails for good after 3 attempts; job-0004's SCF
    // does not converge until its parameters are corrected (a pw.x-style failure and repair, without pw.x).
    private const string Spec = """
        {"name": "parity", "workers": 2, "jobs": {"count": 4},
         "calculator": {"kind": "mock", "seconds": 0, "failFirstAttempts": {"job-0002": 1, "job-0003": 99}},
         "retry": {"maxAttempts": 3, "initialIntervalSeconds": 0}}
        """;

    private static readonly ILogger Silent = new LoggerConfiguration().CreateLogger();

    [Fact]
    public async Task SameSpec_EmbeddedAndTemporalProjection_SameCheckpointJobsAndAseRows()
    {
        using var dir = new TempDir();
        var spec = dir.File("parity.json", Spec);
        var embedded = Path.Combine(dir.Path, "embedded");
        var temporal = Path.Combine(dir.Path, "temporal");

        var plugins = ScfFlakyMock.Plugins(id => id == "job-0004");
        var options = new RuntimeOptions { Calculators = plugins };

        using (var campaign = CampaignWorkspace.Open(spec, embedded, options, Silent))
        {
            var outcome = await new EmbeddedRuntime(campaign, options, Silent).RunAsync(CancellationToken.None);
            Assert.Equal((3, 1), (outcome.Completed, outcome.Failed));
        }

        using (var campaign = CampaignWorkspace.Open(spec, temporal, options, Silent))
        using (var projection = new WorkdirProjection(campaign, Silent))
        {
            await RunAsTheWorkflowDoesAsync(campaign, projection, plugins);
            projection.WriteCheckpoint("finished");
        }

        var jobs = CheckpointJobs(temporal);
        Assert.Equal(CheckpointJobs(embedded), jobs);
        Assert.Contains("Transient", jobs, StringComparison.Ordinal);
        Assert.Equal("attempt 2: mixing_beta unset -> 0.3", JsonNode.Parse(jobs)!["job-0004"]!["corrections"]![0]!.GetValue<string>());
        Assert.Equal(AseRows.ForComparison(embedded), AseRows.ForComparison(temporal));
    }

    [Fact]
    public async Task SameSpecThatLearns_EmbeddedAndTemporalProjection_LearnTheSameAndWriteTheSameRows()
    {
        // Every job's SCF needs mixing_beta 0.3 (one correction); one at a time, so both runtimes see the same order.
        const string learningSpec = """
            {"name": "learns", "workers": 1, "jobs": {"count": 5},
             "calculator": {"kind": "mock", "seconds": 0},
             "retry": {"maxAttempts": 3, "initialIntervalSeconds": 0, "learnAfter": 2}}
            """;
        using var dir = new TempDir();
        var spec = dir.File("learns.json", learningSpec);
        var embedded = Path.Combine(dir.Path, "embedded");
        var temporal = Path.Combine(dir.Path, "temporal");
        var plugins = ScfFlakyMock.Plugins(_ => true);
        var options = new RuntimeOptions { Calculators = plugins };

        using (var campaign = CampaignWorkspace.Open(spec, embedded, options, Silent))
        {
            var outcome = await new EmbeddedRuntime(campaign, options, Silent).RunAsync(CancellationToken.None);
            Assert.Equal((5, 0), (outcome.Completed, outcome.Failed));
        }

        using (var campaign = CampaignWorkspace.Open(spec, temporal, options, Silent))
        using (var projection = new WorkdirProjection(campaign, Silent))
        {
            await RunAsTheWorkflowDoesAsync(campaign, projection, plugins, new CorrectionLearning(campaign.Spec.Retry.LearnAfter, LearningState.Empty));
            projection.WriteCheckpoint("finished");
        }

        Assert.Equal(CheckpointJobs(embedded), CheckpointJobs(temporal));
        Assert.Equal(AseRows.ForComparison(embedded), AseRows.ForComparison(temporal));
        Assert.Contains("mixing_beta 0.3 (learned from job-0001, job-0002)", JsonNode.Parse(CheckpointJobs(temporal))!["job-0003"]!["learned"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var learned = Learning(temporal);
        Assert.Equal(Learning(embedded), learned);
        Assert.Contains("mixing_beta", learned, StringComparison.Ordinal);
        using var journal = CampaignJournal.OpenExisting(Path.Combine(temporal, "state.db"))!;
        // Two repairs taught it; the three jobs after them needed one attempt each.
        Assert.Equal(7, journal.LoadAttempts().Count);
        Assert.Equal(["job-0003", "job-0004", "job-0005"], journal.LoadJobs().Where(j => j.Learned.Count > 0).Select(j => j.JobId));
    }

    /// <summary>The workflow's decisions without its Temporal calls: load, start, attempt, decide, learn, record.</summary>
    private static async Task RunAsTheWorkflowDoesAsync(OpenedCampaign campaign, WorkdirProjection projection, CalculatorPlugins plugins, CorrectionLearning? learning = null)
    {
        var spec = campaign.Spec;
        var allowList = CalculatorAllowList.Create(CalculatorAllowList.BuiltInGrants, plugins, TimeProvider.System);
        using var scratch = new TempDir();
        var activities = new CalculationActivities(allowList, new CalculationActivityOptions { ScratchDirectory = scratch.Path }, new CalculationSlots(), TimeProvider.System);
        var settings = CampaignCalculatorSettings.FromSpec(spec.Calculator);
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 10, batchSize: 3, recordBatchSize: 10);
        var environment = new ActivityEnvironment();
        while (!schedule.Finished)
        {
            if (schedule.NextBatchToLoad() is { } range)
            {
                schedule.AcceptBatch(range.FromSequence, await projection.LoadBatchAsync(range.FromSequence, range.MaxCount, CancellationToken.None));
                continue;
            }

            while (schedule.TryStartNext(out var job))
            {
                var attempts = new JobAttempts(job, spec.Retry, plugins.CorrectionPolicyFor, learning?.Active);
                while (true)
                {
                    var now = DateTimeOffset.UtcNow;
                    RetryDecision decision;
                    try
                    {
                        var result = await environment.RunAsync(() => activities.RunCalculationAsync(attempts.Input(spec.Name, "mock", settings)));
                        schedule.Finish(attempts.Completed(result, now, DateTimeOffset.UtcNow));
                        learning?.Observe(attempts.Finished(completed: true), attempts.NumericalKeys);
                        break;
                    }
                    catch (ApplicationFailureException e) when (ErrorTypes.TryParseFailureKind(e.ErrorType, out var kind))
                    {
                        decision = attempts.Failed(kind, e.Message, e.Details.ElementAt<CalculationFailureDetails>(0), now, DateTimeOffset.UtcNow);
                    }

                    if (decision is RetryDecision.Retry next)
                    {
                        attempts.Advance(next);
                        schedule.RetryScheduled(job, next.NextAttempt);
                        schedule.AttemptStarted(job, next.NextAttempt);
                        continue;
                    }

                    schedule.Finish(attempts.GaveUp(((RetryDecision.GiveUp)decision).Reason));
                    learning?.Observe(attempts.Finished(completed: false), attempts.NumericalKeys);
                    break;
                }
            }

            while (schedule.TakeRecordBatch(flush: true) is { } batch)
            {
                await projection.RecordAsync(batch, learning?.State, CancellationToken.None);
            }
        }
    }

    /// <summary>The mock, except that the chosen jobs' SCF converges only with mixing_beta at most 0.3 (and its repair).</summary>
    private sealed class ScfFlakyMock(ICalculator mock, Func<string, bool> flaky) : ICalculator
    {
        public static CalculatorPlugins Plugins(Func<string, bool> flaky)
        {
            var plugins = CalculatorPlugins.CreateWithBuiltIns();
            var builtIn = CalculatorPlugins.CreateWithBuiltIns();
            plugins.Register("mock", (spec, time) => new ScfFlakyMock(builtIn.Create(spec, time), flaky), new Support.ScfFlakyCalculator.Policy());
            return plugins;
        }

        public Task<CalculationResult> RunAsync(CalculationRequest request, IProgress<CalculationProgress>? progress, CancellationToken cancellationToken)
        {
            var beta = request.Parameters.TryGetValue("mixing_beta", out var node) ? node.GetValue<double>() : 0.7;
            return flaky(request.JobId) && beta > 0.3
                ? throw new CalculationFailedException(FailureKind.ScfNotConverged, $"convergence NOT achieved with mixing_beta {beta}")
                : mock.RunAsync(request, progress, cancellationToken);
        }
    }

    private static string Learning(string workdir)
    {
        using var journal = CampaignJournal.OpenExisting(Path.Combine(workdir, "state.db"))!;
        return journal.ReadMeta(CampaignJournal.LearningKey) ?? "";
    }

    private static string CheckpointJobs(string workdir) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(workdir, "checkpoint.json")))!["jobs"]!.ToJsonString();
}
