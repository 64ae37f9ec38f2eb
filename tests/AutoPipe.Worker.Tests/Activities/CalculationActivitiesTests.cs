using System.Diagnostics;
using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Spec;
using AutoPipe.Worker.Activities;
using AutoPipe.Worker.Calculators;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Tests.Support;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace AutoPipe.Worker.Tests.Activities;

public sealed class CalculationActivitiesTests : IDisposable
{
    private const string WorkerName = "4242@test-worker";

    private readonly string scratch = Directory.CreateTempSubdirectory("autopipe-worker-tests").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private CalculationActivities Activities(params AllowedCalculator[] calculators) =>
        new(new CalculatorAllowList(calculators), new CalculationActivityOptions { ScratchDirectory = scratch, HeartbeatInterval = TimeSpan.FromMilliseconds(20), WorkerName = WorkerName }, new CalculationSlots(), TimeProvider.System);

    /// <summary>The minimal allow-list entry of the mock: its settings come with each attempt.</summary>
    private static AllowedCalculator MockEntry() => AllowedCalculator.FromGrant("mock", new CalculatorGrant("mock"), CalculatorPlugins.Default, TimeProvider.System);

    private static JsonObject MockSettings(double seconds, int failFirstOfJob1 = 0) => new()
    {
        ["kind"] = "mock",
        ["seconds"] = seconds,
        ["failFirstAttempts"] = new JsonObject { ["job-0001"] = failFirstOfJob1 },
    };

    private static CalculationInput Input(string calculator = "mock", int attempt = 1, JsonObject? settings = null) => new(
        "c", calculator, 1, "job-0001", attempt, new Dictionary<string, JsonNode>(), JobStructure.From(MockStructures.ForJob(1)), settings);

    [Fact]
    public async Task RunCalculation_MockSucceeds_ReturnsResultAndHeartbeatsProgress()
    {
        var heartbeats = new List<object?[]>();
        var env = new ActivityEnvironment
        {
            Heartbeater = details =>
            {
                lock (heartbeats)
                {
                    heartbeats.Add(details);
                }
            },
        };

        var result = await env.RunAsync(() => Activities(MockEntry()).RunCalculationAsync(Input(settings: MockSettings(0.2))));

        Assert.Equal(MockCalculatorSpec.KindName, result.CalculatorName);
        Assert.Equal(2, result.Forces.Length);
        lock (heartbeats)
        {
            Assert.NotEmpty(heartbeats);
            Assert.Contains(heartbeats, h => h[0] is CalculationProgress p && p.Detail.StartsWith("sleeping", StringComparison.Ordinal));
            // The periodic heartbeat repeats the latest progress while the calculator is quiet.
            Assert.True(heartbeats.Count >= 2, $"{heartbeats.Count} heartbeats");
        }

        Assert.False(Directory.Exists(Path.Combine(scratch, "c", "job-0001", "attempt-1")));
    }

    [Fact]
    public async Task RunCalculation_QuietCalculator_HeartbeatsOnItsOwnTimerThriceAHeartbeatTimeout()
    {
        var calculator = new BlockingCalculator();
        var beats = 0;
        var env = new ActivityEnvironment
        {
            // The workflow's heartbeat timeout decides how soon a lost worker is noticed: 300 ms here, 20 s by default.
            Info = new ActivityEnvironment().Info with { HeartbeatTimeout = TimeSpan.FromMilliseconds(300) },
            Heartbeater = _ => Interlocked.Increment(ref beats),
        };
        var activities = new CalculationActivities(
            new CalculatorAllowList([AllowedCalculator.Fixed("quiet", "test", calculator)]),
            new CalculationActivityOptions { ScratchDirectory = scratch, HeartbeatInterval = TimeSpan.FromMinutes(10) },
            new CalculationSlots(),
            TimeProvider.System);

        var run = env.RunAsync(() => activities.RunCalculationAsync(Input("quiet")));
        await calculator.Started.WaitAsync(TimeSpan.FromSeconds(10));
        var afterProgress = Volatile.Read(ref beats);
        // The calculator says nothing more; a third of the timeout apart, the worker's own timer keeps it alive.
        Poll.Until(() => Volatile.Read(ref beats) >= afterProgress + 5, 10, "five timer heartbeats of a silent calculator");
        env.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task RunCalculation_Cancelled_StopsTheCalculatorAndReportsCancellation()
    {
        var calculator = new BlockingCalculator();
        var env = new ActivityEnvironment();
        var activities = Activities(AllowedCalculator.Fixed("slow", "test", calculator));
        var clock = Stopwatch.StartNew();

        var run = env.RunAsync(() => activities.RunCalculationAsync(Input("slow")));
        await calculator.Started.WaitAsync(TimeSpan.FromSeconds(10));
        env.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(calculator.Stopped);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task RunCalculation_MockCancelled_EndsLongBeforeItsSleep()
    {
        var env = new ActivityEnvironment();
        var activities = Activities(MockEntry());
        var clock = Stopwatch.StartNew();

        var run = env.RunAsync(() => activities.RunCalculationAsync(Input(settings: MockSettings(60))));
        env.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task RunCalculation_WorkerShutdown_FailsRetryableSoAnotherWorkerTakesOver()
    {
        var calculator = new BlockingCalculator();
        var env = new ActivityEnvironment();
        var activities = Activities(AllowedCalculator.Fixed("slow", "test", calculator));

        var run = env.RunAsync(() => activities.RunCalculationAsync(Input("slow")));
        await calculator.Started.WaitAsync(TimeSpan.FromSeconds(10));
        await env.WorkerShutdownTokenSource.CancelAsync();

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => run);
        Assert.Equal(ErrorTypes.WorkerShutdown, e.ErrorType);
        Assert.False(e.NonRetryable);
        Assert.Equal(ApplicationErrorCategory.Benign, e.Category);
        Assert.True(calculator.Stopped);
    }

    [Fact]
    public async Task RunCalculation_ClassifiedFailure_BecomesNonRetryableWithKindAndParameters()
    {
        var env = new ActivityEnvironment();
        var activities = Activities(AllowedCalculator.Fixed("qe", ScfFlakyCalculator.Kind, new ScfFlakyCalculator(), ScfFlakyCalculator.BaseParameters));

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => activities.RunCalculationAsync(Input("qe"))));

        Assert.Equal(nameof(FailureKind.ScfNotConverged), e.ErrorType);
        Assert.True(e.NonRetryable);
        var details = Assert.IsType<CalculationFailureDetails>(e.Details.ElementAt<CalculationFailureDetails>(0));
        Assert.Equal((FailureKind.ScfNotConverged, ScfFlakyCalculator.Kind), (details.Kind, details.CalculatorKind));
        Assert.Equal(0.7, details.Parameters["mixing_beta"].GetValue<double>());
    }

    [Fact]
    public async Task RunCalculation_FirstAttemptWithLearnedSettings_RunsTheCampaignsParametersWithThemOnTop()
    {
        var env = new ActivityEnvironment();
        var activities = Activities(AllowedCalculator.Fixed("qe", ScfFlakyCalculator.Kind, new ScfFlakyCalculator(), ScfFlakyCalculator.BaseParameters));
        var learned = new Dictionary<string, JsonNode> { ["mixing_beta"] = 0.3 };
        var corrected = new Dictionary<string, JsonNode> { ["mixing_beta"] = 0.7, ["ecutwfc"] = 30 };

        // Without it the flaky SCF fails at the campaign's 0.7; with it, the first attempt converges.
        var result = await env.RunAsync(() => activities.RunCalculationAsync(Input("qe") with { Learned = learned }));
        // A corrected set (a later attempt) is what runs: the learned settings are already in it or were left behind.
        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => activities.RunCalculationAsync(Input("qe", attempt: 2) with { Parameters = corrected, Learned = learned })));

        Assert.Equal(2, result.Forces.Length);
        var details = Assert.IsType<CalculationFailureDetails>(e.Details.ElementAt<CalculationFailureDetails>(0));
        Assert.Equal(0.7, details.Parameters["mixing_beta"].GetValue<double>());
    }

    [Fact]
    public async Task RunCalculation_ClassifiedFailure_IsOneLineAndBenignSoTemporalLogsNoStackTrace()
    {
        var log = new CapturedLog();
        var env = new ActivityEnvironment { Logger = log.CreateLogger("Temporalio.Activity:RunCalculation") };
        var activities = Activities(AllowedCalculator.Fixed("qe", ScfFlakyCalculator.Kind, new ScfFlakyCalculator(), ScfFlakyCalculator.BaseParameters));

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => activities.RunCalculationAsync(Input("qe"))));

        // Temporal's activity worker logs a benign failure's "Completing activity as failed" (and its stack trace) at
        // debug level, not as a warning: the worker's log keeps this one line.
        Assert.Equal(ApplicationErrorCategory.Benign, e.Category);
        var line = Assert.Single(log.Entries, l => l.Level >= LogLevel.Warning);
        Assert.Equal($"Calculation job-0001 attempt 1 failed with ScfNotConverged: {e.Message}", line.Message);
        Assert.Null(line.Exception);
    }

    [Fact]
    public async Task RunCalculation_UnexpectedException_KeepsItsStackTraceForTemporalsWarning()
    {
        var log = new CapturedLog();
        var env = new ActivityEnvironment { Logger = log.CreateLogger("Temporalio.Activity:RunCalculation") };
        var activities = Activities(AllowedCalculator.Fixed("broken", "test", new ThrowingCalculator()));

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => activities.RunCalculationAsync(Input("broken"))));

        // Not benign: the SDK's warning carries the stack trace (the inner exception), once; our line says which job.
        Assert.NotEqual(ApplicationErrorCategory.Benign, e.Category);
        Assert.IsType<InvalidOperationException>(e.InnerException);
        var line = Assert.Single(log.Entries, l => l.Level >= LogLevel.Warning);
        Assert.Equal("Calculation job-0001 attempt 1 crashed: InvalidOperationException: the calculator broke", line.Message);
        Assert.Null(line.Exception);
    }

    [Fact]
    public async Task RunCalculation_CampaignsFailFirstAttempts_ReachesAMinimalAllowListEntry()
    {
        var env = new ActivityEnvironment();
        var activities = Activities(MockEntry());

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => activities.RunCalculationAsync(Input(settings: MockSettings(0, 1)))));
        Assert.Equal((nameof(FailureKind.Transient), true), (e.ErrorType, e.NonRetryable));
        var details = e.Details.ElementAt<CalculationFailureDetails>(0);
        Assert.Equal((WorkerName, 1), (details.Execution!.Worker, details.Execution.Slot));

        var second = await env.RunAsync(() => activities.RunCalculationAsync(Input(attempt: 2, settings: MockSettings(0, 1))));
        Assert.Equal(MockCalculatorSpec.KindName, second.CalculatorName);
    }

    [Fact]
    public async Task RunCalculation_CampaignsSeconds_AreWhatTheMockSleeps()
    {
        var env = new ActivityEnvironment();
        var activities = Activities(MockEntry());
        var clock = Stopwatch.StartNew();

        var result = await env.RunAsync(() => activities.RunCalculationAsync(Input(settings: MockSettings(0.6))));

        // Timers may fire a few milliseconds early; the point is 0.6 s, not the 0 s of a mock without settings.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.55), $"slept {clock.Elapsed} of the campaign's 0.6 s");
        Assert.Equal((WorkerName, 1), (result.Execution!.Worker, result.Execution.Slot));
        // Wall-clock stamps of a 0.6 s timer may read a few milliseconds short of it.
        Assert.True(result.Execution.EndedAt - result.Execution.StartedAt >= TimeSpan.FromSeconds(0.55), $"{result.Execution.EndedAt - result.Execution.StartedAt}");
    }

    [Fact]
    public async Task RunCalculation_UnexpectedCalculatorException_IsCrashedForTheSharedPolicy()
    {
        var env = new ActivityEnvironment();
        var activities = Activities(AllowedCalculator.Fixed("broken", "test", new ThrowingCalculator()));

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => activities.RunCalculationAsync(Input("broken"))));

        Assert.Equal((nameof(FailureKind.Crashed), true), (e.ErrorType, e.NonRetryable));
        Assert.Equal("InvalidOperationException: the calculator broke", e.Message);
    }

    [Fact]
    public async Task RunCalculation_CampaignChoosesACommandLine_IsRefusedNamingFieldAndWorker()
    {
        var pseudo = Directory.CreateDirectory(Path.Combine(scratch, "pseudo")).FullName;
        await File.WriteAllTextAsync(Path.Combine(pseudo, "Si.upf"), "not read");
        var entry = AllowedCalculator.FromGrant("qe", new CalculatorGrant("espresso", "pw.x", pseudo, MaxTimeoutSeconds: 600), CalculatorPlugins.Default, TimeProvider.System);
        var settings = new JsonObject
        {
            ["command"] = "rm -rf /",
            ["pseudopotentials"] = new JsonObject { ["Si"] = "../Si.upf", ["C"] = "C.upf" },
            ["timeoutSeconds"] = 3600,
        };
        var env = new ActivityEnvironment();

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => Activities(entry).RunCalculationAsync(Input("qe", settings: settings))));

        Assert.Equal((nameof(FailureKind.InputError), true), (e.ErrorType, e.NonRetryable));
        Assert.Contains($"calculator.command: a campaign cannot choose it; worker {WorkerName}", e.Message, StringComparison.Ordinal);
        Assert.Contains("calculator.pseudopotentials.Si: '../Si.upf' must be a plain file name", e.Message, StringComparison.Ordinal);
        Assert.Contains($"calculator.pseudopotentials.C: C.upf is not in {pseudo}", e.Message, StringComparison.Ordinal);
        Assert.Contains("calculator.timeoutSeconds: 3600 s exceeds the cap", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetDirectories(scratch), d => !d.EndsWith("pseudo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunCalculation_PwxStoppedAtMaxSecondsThenRetriedOnThisWorker_ContinuesFromItsSavedState()
    {
        var pseudo = Path.Combine(RepositoryRoot(), "examples", "pseudo");
        var entry = AllowedCalculator.FromGrant("qe", new CalculatorGrant("espresso", "pw.x", pseudo), CalculatorPlugins.Default, TimeProvider.System);
        var settings = new JsonObject
        {
            ["pseudopotentials"] = new JsonObject { ["Si"] = "Si.pz-vbc.UPF" },
            ["parameters"] = new JsonObject { ["ecutwfc"] = 30, ["conv_thr"] = 1e-12, ["mixing_beta"] = 0.05 },
            ["kpts"] = new JsonArray(2, 2, 2),
        };
        Dictionary<string, JsonNode> first = new() { ["ecutwfc"] = 30, ["conv_thr"] = 1e-12, ["mixing_beta"] = 0.05, ["max_seconds"] = 0.3 };
        CalculationInput Attempt(int attempt, Dictionary<string, JsonNode> parameters) =>
            new("c", "qe", 1, "job-0001", attempt, parameters, JobStructure.From(MockStructures.ForJob(1)), settings);
        var activities = Activities(entry);

        var stopped = await Assert.ThrowsAsync<ApplicationFailureException>(() => new ActivityEnvironment().RunAsync(() => activities.RunCalculationAsync(Attempt(1, first))));
        var details = Assert.IsType<CalculationFailureDetails>(stopped.Details.ElementAt<CalculationFailureDetails>(0));
        var next = CalculatorPlugins.Default.CorrectionPolicyFor("espresso").Correct(details.Kind, 1, details.Parameters)!;
        var result = await new ActivityEnvironment().RunAsync(() => activities.RunCalculationAsync(Attempt(2, new(next.Parameters) { ["max_seconds"] = 600 })));

        Assert.Equal(nameof(FailureKind.Checkpointed), stopped.ErrorType);
        // restart_mode='restart' is only written when attempt 1's saved state was found in this worker's scratch.
        Assert.Equal("restart", result.CalculatorParameters["restart_mode"]!.GetValue<string>());
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "examples", "pseudo")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("examples/pseudo not found above " + AppContext.BaseDirectory);
    }

    private sealed class ThrowingCalculator : ICalculator
    {
        public Task<CalculationResult> RunAsync(CalculationRequest request, IProgress<CalculationProgress>? progress, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the calculator broke");
    }

    [Fact]
    public async Task RunCalculation_CalculatorNotAllowed_FailsNonRetryableWithoutRunningAnything()
    {
        var log = new CapturedLog();
        var env = new ActivityEnvironment { Logger = log.CreateLogger("Temporalio.Activity:RunCalculation") };

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => Activities(MockEntry()).RunCalculationAsync(Input("rm -rf /"))));

        Assert.Equal((ErrorTypes.UnknownCalculator, true, ApplicationErrorCategory.Benign), (e.ErrorType, e.NonRetryable, e.Category));
        Assert.Equal($"Calculation job-0001 attempt 1 refused: {e.Message}", Assert.Single(log.Entries, l => l.Level >= LogLevel.Warning).Message);
        Assert.Contains("allowed: mock", e.Message, StringComparison.Ordinal);
        // And what to put in an allow-list to allow it.
        Assert.Contains("--calculators FILE holding {\"calculators\": {\"rm -rf /\": {\"kind\": \"espresso\", \"command\": \"pw.x\", \"pseudoDir\":", e.Message, StringComparison.Ordinal);
    }
}
