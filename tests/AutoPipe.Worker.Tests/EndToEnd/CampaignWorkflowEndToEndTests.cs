using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Spec;
using AutoPipe.Worker.Activities;
using AutoPipe.Worker.Calculators;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Runtime;
using AutoPipe.Worker.Tests.Support;
using AutoPipe.Worker.Workflows;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Converters;
using Temporalio.Worker;
using Xunit.Abstractions;

namespace AutoPipe.Worker.Tests.EndToEnd;

/// <summary>
/// Campaigns on a real Temporal server (TEMPORAL_ADDRESS), with in-process workers on a fresh task queue per test:
/// two compute workers and one projector. Every finished run's history is replayed with <see cref="WorkflowReplayer"/>.
/// </summary>
[Collection(TemporalServerCollection.Name)]
public sealed class CampaignWorkflowEndToEndTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly TemporalServerFixture server;
    private readonly ITestOutputHelper output;
    private readonly string scratch = Directory.CreateTempSubdirectory("autopipe-e2e").FullName;
    private readonly string taskQueue = $"autopipe-test-{Guid.NewGuid():N}";

    public CampaignWorkflowEndToEndTests(TemporalServerFixture server, ITestOutputHelper output)
    {
        this.server = server;
        this.output = output;
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [TemporalFact]
    public async Task MockCampaign_TwoWorkerProcesses_CompleteEveryJobOnceWithTheCampaignsSettingsAndReplay()
    {
        var client = Client();
        var campaign = NewCampaign();
        var projection = new InMemoryProjection();
        var local = new CountingAllowList();
        // Temporalio refuses two workers of the same task types on one queue in one process: the second is its own
        // process, as in production, started without an allow-list (the built-in mock).
        using var other = StartWorkerProcess();
        var input = new CampaignWorkflow.Input(campaign, "mock")
        {
            Window = 4, BatchSize = 5,
            CalculatorSettings = MockSettings(0.5),
        };

        var result = await RunWithWorkersAsync(client, [local.AllowList], new GeneratedJobSource(12), projection, campaign, async campaigns =>
        {
            await campaigns.StartOrAttachAsync(input);
            return await campaigns.GetResultAsync(campaign);
        });

        Assert.Equal((12, 12, 0, 0, false), (result.TotalJobs, result.Completed, result.Failed, result.Pending, result.Cancelled));
        Assert.Equal(12, projection.Outcomes.Count);
        Assert.All(projection.Outcomes.Values, o => Assert.Equal(JobStatus.Completed, o.Status));
        var ran = projection.Outcomes.Values.Select(o => Assert.Single(o.AttemptLog!)).ToList();
        Assert.True(ran.Select(a => a.Worker).Distinct().Count() == 2, $"both workers calculate: {string.Join(", ", ran.Select(a => a.Worker))}");
        // The campaign's 0.5 s, not a worker file's, is what every attempt slept.
        Assert.All(ran, a => Assert.True(a.EndedAt - a.StartedAt >= TimeSpan.FromSeconds(0.5), $"{a.EndedAt - a.StartedAt}"));
        Assert.True(local.Calls > 0);
        await ReplayAllRunsAsync(client, campaign);
    }

    [TemporalFact]
    public async Task GroupCommit_CalculationsEndingApart_EachOutcomeReachesTheProjectionWithinASecondWithoutATimer()
    {
        var client = Client();
        var campaign = NewCampaign();
        var projection = new InMemoryProjection();
        // One slot, jobs of 1.5 s: outcomes end one at a time, the low load where a timer or a batch size would hold
        // them back (the default recordIntervalSeconds of 30 and recordBatchSize of 25 stay in force).
        var input = new CampaignWorkflow.Input(campaign, "mock") { Window = 1, CalculatorSettings = MockSettings(1.5) };

        var result = await RunWithWorkersAsync(client, [new CountingAllowList().AllowList], new GeneratedJobSource(4), projection, campaign, async campaigns =>
        {
            await campaigns.StartOrAttachAsync(input);
            return await campaigns.GetResultAsync(campaign);
        });

        Assert.Equal((4, 0), (result.Completed, result.Failed));
        var lags = projection.Outcomes.Values
            .Select(o => (o.JobId, Lag: projection.ReceivedAt[o.JobId] - o.AttemptLog![^1].EndedAt))
            .ToList();
        lags.ForEach(l => output.WriteLine($"{l.JobId}: in the projection {l.Lag.TotalMilliseconds:0} ms after its calculation ended"));
        Assert.All(lags, l => Assert.True(l.Lag < TimeSpan.FromSeconds(1), $"{l.JobId} waited {l.Lag}"));
        Assert.Equal([1, 1, 1, 1], projection.BatchSizes);
        var history = await client.GetWorkflowHandle(TaskQueues.WorkflowId(campaign)).FetchHistoryAsync();
        var patches = history.Events
            .Where(e => e.MarkerRecordedEventAttributes?.MarkerName == "core_patch")
            .SelectMany(e => e.MarkerRecordedEventAttributes.Details.Values.SelectMany(p => p.Payloads_))
            .Select(p => p.Data.ToStringUtf8())
            .ToList();
        Assert.Contains(patches, p => p.Contains($"\"{CampaignWorkflow.GroupCommitPatch}\"", StringComparison.Ordinal));
        // A new run decides with today's correction policies (a pw.x killed despite max_seconds gets more room).
        Assert.Contains(patches, p => p.Contains($"\"{CampaignWorkflow.MoreRoomWhenKilledAgainPatch}\"", StringComparison.Ordinal));
        Assert.DoesNotContain(history.Events, e => e.EventType == EventType.TimerStarted);
        await ReplayAllRunsAsync(client, campaign);
    }

    [TemporalFact]
    public async Task ScfFailure_RetriedByTheWorkflowWithCorrectedParameters_VisibleInHistory()
    {
        var client = Client();
        var campaign = NewCampaign();
        var projection = new InMemoryProjection();
        var registry = new CalculatorAllowList([AllowedCalculator.Fixed("qe-test", EspressoCalculatorSpec.KindName, new ScfFlakyCalculator(), ScfFlakyCalculator.BaseParameters)]);
        var input = new CampaignWorkflow.Input(campaign, "qe-test") { Retry = new RetryOptions(3, 1, 2, 5) };
        var log = new CapturedLog();

        var result = await RunWithWorkersAsync(
            client,
            [registry],
            new GeneratedJobSource(1),
            projection,
            campaign,
            async campaigns =>
            {
                await campaigns.StartOrAttachAsync(input);
                return await campaigns.GetResultAsync(campaign);
            },
            log);

        Assert.Equal((1, 0, 2), (result.Completed, result.Failed, result.Attempts));
        var outcome = Assert.Single(projection.Outcomes.Values);
        Assert.Equal(2, outcome.Attempts);
        // The workflow's built-in espresso policy decided (the worker reports the failure as espresso's).
        Assert.Equal([ScfFlakyCalculator.EspressoRepair], outcome.Corrections);

        var history = await client.GetWorkflowHandle(TaskQueues.WorkflowId(campaign)).FetchHistoryAsync();
        var scheduled = history.Events
            .Where(e => e.ActivityTaskScheduledEventAttributes?.ActivityType.Name == "RunCalculation")
            .Select(e => DataConverter.Default.PayloadConverter.ToValue<CalculationInput>(e.ActivityTaskScheduledEventAttributes.Input.Payloads_[0]))
            .ToList();
        Assert.Equal([1, 2], scheduled.Select(s => s.Attempt));
        Assert.Empty(scheduled[0].Parameters);
        Assert.Equal(0.35, scheduled[1].Parameters["mixing_beta"].GetValue<double>());
        Assert.Contains(history.Events, e => e.EventType == EventType.TimerStarted);
        var failure = history.Events.Single(e => e.EventType == EventType.ActivityTaskFailed).ActivityTaskFailedEventAttributes.Failure;
        Assert.Equal(nameof(FailureKind.ScfNotConverged), failure.ApplicationFailureInfo.Type);
        Assert.True(failure.ApplicationFailureInfo.NonRetryable);
        // An expected failure is one line in the worker's log, no stack trace: the SDK's own line is at debug level.
        Assert.Equal(ApplicationErrorCategory.Benign, failure.ApplicationFailureInfo.Category);
        var warnings = log.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(warnings.All(e => e.Exception == null), string.Join("\n", warnings.Select(e => $"{e.Category}: {e.Message}")));
        Assert.Single(warnings, e => e.Message.StartsWith($"Calculation {outcome.JobId} attempt 1 failed with ScfNotConverged: ", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, e => e.Message.Contains("Completing activity", StringComparison.Ordinal));
        await ReplayAllRunsAsync(client, campaign);
    }

    [TemporalFact]
    public async Task ScfFailures_SameRepairTwice_LaterCalculationsStartWithItAndTheProjectorIsTold()
    {
        var client = Client();
        var campaign = NewCampaign();
        var projection = new InMemoryProjection();
        var registry = new CalculatorAllowList([AllowedCalculator.Fixed("qe-test", EspressoCalculatorSpec.KindName, new ScfFlakyCalculator(), ScfFlakyCalculator.BaseParameters)]);
        // One at a time, so that the first two finish before the third starts; learnAfter 2 (the default).
        var input = new CampaignWorkflow.Input(campaign, "qe-test") { Window = 1, Retry = new RetryOptions(3, 0.1, 2, 5) };

        var result = await RunWithWorkersAsync(client, [registry], new GeneratedJobSource(5), projection, campaign, async campaigns =>
        {
            await campaigns.StartOrAttachAsync(input);
            return await campaigns.GetResultAsync(campaign);
        });

        // Two repaired calculations (2 attempts each) taught mixing_beta 0.35 and electron_maxstep 200 (the restart from
        // a charge density is each calculation's own); the other three needed one attempt each.
        Assert.Equal((5, 0, 7), (result.Completed, result.Failed, result.Attempts));
        Assert.All(new[] { "job-0001", "job-0002" }, id => Assert.Null(projection.Outcomes[id].Learned));
        Assert.All(new[] { "job-0003", "job-0004", "job-0005" }, id => Assert.Equal(
            ["ScfNotConverged is repaired by electron_maxstep 200, mixing_beta 0.35 (learned from job-0001, job-0002)"], projection.Outcomes[id].Learned));
        var learned = Assert.Single(projection.Learning!.Active);
        Assert.Equal((FailureKind.ScfNotConverged, "electron_maxstep 200, mixing_beta 0.35"), (learned.Kind, learned.SettingsText));
        var history = await client.GetWorkflowHandle(TaskQueues.WorkflowId(campaign)).FetchHistoryAsync();
        var third = history.Events
            .Where(e => e.ActivityTaskScheduledEventAttributes?.ActivityId == "job-0003/attempt-1")
            .Select(e => DataConverter.Default.PayloadConverter.ToValue<CalculationInput>(e.ActivityTaskScheduledEventAttributes.Input.Payloads_[0]))
            .Single();
        Assert.Equal(0.35, third.Learned!["mixing_beta"].GetValue<double>());
        await ReplayAllRunsAsync(client, campaign);
    }

    [TemporalFact]
    public async Task ShrunkenThreshold_ContinuesAsNewWithCompactState_AndEveryRunReplays()
    {
        var client = Client();
        var campaign = NewCampaign();
        var projection = new InMemoryProjection();
        var input = new CampaignWorkflow.Input(campaign, "mock") { Window = 3, BatchSize = 4, ContinueAsNewAfterEvents = 40 };

        var result = await RunWithWorkersAsync(client, [new CountingAllowList().AllowList], new GeneratedJobSource(20), projection, campaign, async campaigns =>
        {
            await campaigns.StartOrAttachAsync(input);
            return await campaigns.GetResultAsync(campaign);
        });

        Assert.Equal((20, 0, 0), (result.Completed, result.Failed, result.Pending));
        Assert.True(result.Runs > 1, $"{result.Runs} runs");
        Assert.Equal(20, projection.Outcomes.Count);
        var runs = await ReplayAllRunsAsync(client, campaign);
        Assert.Equal(result.Runs, runs);
    }

    [TemporalFact]
    public async Task CancelUpdate_RunningCalculations_StopAndTheCampaignEndsCancelled()
    {
        var client = Client();
        var campaign = NewCampaign();
        var projection = new InMemoryProjection();
        var input = new CampaignWorkflow.Input(campaign, "mock") { Window = 2, BatchSize = 2, HeartbeatTimeoutSeconds = 10, CalculatorSettings = MockSettings(600) };

        var result = await RunWithWorkersAsync(client, [new CountingAllowList().AllowList], new GeneratedJobSource(6), projection, campaign, async campaigns =>
        {
            var handle = await campaigns.StartOrAttachAsync(input);
            var attached = await campaigns.StartOrAttachAsync(input);
            Assert.Equal(handle.ResultRunId, attached.ResultRunId);
            await campaigns.WaitForProgressAsync(campaign, p => p.InFlight == 2, Deadline);
            var accepted = await campaigns.CancelAsync(campaign, "test");
            Assert.True(accepted.CancelRequested);
            return await campaigns.GetResultAsync(campaign);
        });

        Assert.True(result.Cancelled);
        Assert.Equal((0, 6), (result.Completed, result.Pending));
        Assert.Empty(projection.Outcomes);
        await ReplayAllRunsAsync(client, campaign);
    }

    private static string NewCampaign() => $"test-{Guid.NewGuid():N}"[..20];

    /// <summary>The fixture's client: there is one, since <see cref="TemporalFactAttribute"/> skips every test here without a server.</summary>
    private ITemporalClient Client() => server.Client!;

    private async Task<T> RunWithWorkersAsync<T>(
        ITemporalClient client,
        IReadOnlyList<CalculatorAllowList> computeWorkers,
        GeneratedJobSource jobs,
        InMemoryProjection projection,
        string campaign,
        Func<TemporalCampaignClient, Task<T>> body,
        ILoggerFactory? computeLog = null)
    {
        using var stop = new CancellationTokenSource();
        var workers = new List<TemporalWorker>();
        foreach (var registry in computeWorkers)
        {
            var activities = new CalculationActivities(registry, new CalculationActivityOptions { ScratchDirectory = scratch, HeartbeatInterval = TimeSpan.FromSeconds(1) }, new CalculationSlots(), TimeProvider.System);
            workers.Add(new TemporalWorker(client, new TemporalWorkerOptions(taskQueue) { MaxConcurrentActivities = 2, LoggerFactory = computeLog ?? client.Options.LoggerFactory }
                .AddWorkflow<CampaignWorkflow>()
                .AddAllActivities(activities)));
        }

        var projector = new ProjectorActivities(jobs, projection, new ProjectorOptions { Campaign = campaign });
        workers.Add(new TemporalWorker(client, new TemporalWorkerOptions(TaskQueues.Projector(campaign)).AddAllActivities(projector)));
        var running = workers.Select(w => w.ExecuteAsync(stop.Token)).ToList();
        try
        {
            return await body(new TemporalCampaignClient(client, taskQueue)).WaitAsync(Deadline);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await Task.WhenAll(running);
            }
            catch (OperationCanceledException)
            {
                // The workers stop by cancellation.
            }

            workers.ForEach(w => w.Dispose());
        }
    }

    /// <summary>Replays every run of the campaign, newest first, following continue-as-new links; returns the run count.</summary>
    private async Task<int> ReplayAllRunsAsync(ITemporalClient client, string campaign)
    {
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<CampaignWorkflow>());
        string? runId = null;
        var runs = 0;
        do
        {
            var history = await client.GetWorkflowHandle(TaskQueues.WorkflowId(campaign), runId).FetchHistoryAsync();
            var replay = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);
            RecordedHistories.Save(history, runs);
            Assert.Null(replay.ReplayFailure);
            runs++;
            var previous = history.Events.First().WorkflowExecutionStartedEventAttributes.ContinuedExecutionRunId;
            runId = string.IsNullOrEmpty(previous) ? null : previous;
        }
        while (runId != null);
        output.WriteLine($"replayed {runs} run(s) of {campaign}");
        return runs;
    }

    private static JsonObject MockSettings(double seconds) => new() { ["kind"] = "mock", ["seconds"] = seconds };

    /// <summary>A compute worker in its own process (the real AutoPipe.Worker), on this test's task queue.</summary>
    private WorkerProcess StartWorkerProcess() => WorkerProcess.Start(server.Address!, taskQueue, scratch, output);

    /// <summary>A worker's allow-list with the minimal mock entry, whose calculators count their calls.</summary>
    private sealed class CountingAllowList
    {
        private int calls;

        public CountingAllowList()
        {
            var inner = AllowedCalculator.FromGrant("mock", new CalculatorGrant("mock"), CalculatorPlugins.Default, TimeProvider.System);
            AllowList = new CalculatorAllowList([new AllowedCalculator("mock", "mock", (settings, worker) =>
            {
                var resolved = inner.Resolve(settings, worker);
                return resolved with { Calculator = new Counter(resolved.Calculator, () => Interlocked.Increment(ref calls)) };
            })]);
        }

        public CalculatorAllowList AllowList { get; }

        public int Calls => Volatile.Read(ref calls);

        private sealed class Counter(ICalculator inner, Action count) : ICalculator
        {
            public Task<CalculationResult> RunAsync(CalculationRequest request, IProgress<CalculationProgress>? progress, CancellationToken cancellationToken)
            {
                count();
                return inner.RunAsync(request, progress, cancellationToken);
            }
        }
    }
}
