using System.Diagnostics;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Spec;
using AutoPipe.Worker.Activities;
using AutoPipe.Worker.Calculators;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Tests.Support;
using Temporalio.Exceptions;
using Temporalio.Testing;

namespace AutoPipe.Worker.Tests.Activities;

public sealed class CalculationActivitiesTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("autopipe-worker-tests").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private CalculationActivities Activities(params RegisteredCalculator[] calculators) =>
        new(new CalculatorRegistry(calculators), new CalculationActivityOptions { ScratchDirectory = scratch, HeartbeatInterval = TimeSpan.FromMilliseconds(20) }, TimeProvider.System);

    private static RegisteredCalculator Mock(double seconds, Dictionary<string, int>? failFirst = null) =>
        CalculatorPlugins.Default.Create("mock", new MockCalculatorSpec(seconds, failFirst ?? []), TimeProvider.System);

    private static CalculationInput Input(string calculator = "mock", int attempt = 1) => new(
        "c", calculator, 1, "job-0001", attempt, new Dictionary<string, System.Text.Json.Nodes.JsonNode>(), JobStructure.From(MockStructures.ForJob(1)));

    [Fact]
    public async Task RunCalculation_MockSucceeds_ReturnsResultAndHeartbeatsProgress()
    {
        var heartbeats = new List<object?[]>();
        var env = new ActivityEnvironment { Heartbeater = details => { lock (heartbeats) { heartbeats.Add(details); } } };

        var result = await env.RunAsync(() => Activities(Mock(0.2)).RunCalculationAsync(Input()));

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
    public async Task RunCalculation_Cancelled_StopsTheCalculatorAndReportsCancellation()
    {
        var calculator = new BlockingCalculator();
        var env = new ActivityEnvironment();
        var activities = Activities(new RegisteredCalculator("slow", "test", calculator, new Dictionary<string, System.Text.Json.Nodes.JsonNode>()));
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
        var activities = Activities(Mock(60));
        var clock = Stopwatch.StartNew();

        var run = env.RunAsync(() => activities.RunCalculationAsync(Input()));
        env.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task RunCalculation_WorkerShutdown_FailsRetryableSoAnotherWorkerTakesOver()
    {
        var calculator = new BlockingCalculator();
        var env = new ActivityEnvironment();
        var activities = Activities(new RegisteredCalculator("slow", "test", calculator, new Dictionary<string, System.Text.Json.Nodes.JsonNode>()));

        var run = env.RunAsync(() => activities.RunCalculationAsync(Input("slow")));
        await calculator.Started.WaitAsync(TimeSpan.FromSeconds(10));
        await env.WorkerShutdownTokenSource.CancelAsync();

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => run);
        Assert.Equal(ErrorTypes.WorkerShutdown, e.ErrorType);
        Assert.False(e.NonRetryable);
        Assert.True(calculator.Stopped);
    }

    [Fact]
    public async Task RunCalculation_ClassifiedFailure_BecomesNonRetryableWithKindAndParameters()
    {
        var env = new ActivityEnvironment();
        var activities = Activities(new RegisteredCalculator("qe", ScfFlakyCalculator.Kind, new ScfFlakyCalculator(), ScfFlakyCalculator.BaseParameters));

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => activities.RunCalculationAsync(Input("qe"))));

        Assert.Equal(nameof(FailureKind.ScfNotConverged), e.ErrorType);
        Assert.True(e.NonRetryable);
        var details = Assert.IsType<CalculationFailureDetails>(e.Details.ElementAt<CalculationFailureDetails>(0));
        Assert.Equal((FailureKind.ScfNotConverged, ScfFlakyCalculator.Kind), (details.Kind, details.CalculatorKind));
        Assert.Equal(0.7, details.Parameters["mixing_beta"].GetValue<double>());
    }

    [Fact]
    public async Task RunCalculation_MockTransientFailure_IsClassifiedForTheWorkflowToDecide()
    {
        var env = new ActivityEnvironment();
        var activities = Activities(Mock(0, new Dictionary<string, int> { ["job-0001"] = 1 }));

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => activities.RunCalculationAsync(Input())));
        Assert.Equal((nameof(FailureKind.Transient), true), (e.ErrorType, e.NonRetryable));

        var second = await env.RunAsync(() => activities.RunCalculationAsync(Input(attempt: 2)));
        Assert.Equal(MockCalculatorSpec.KindName, second.CalculatorName);
    }

    [Fact]
    public async Task RunCalculation_CalculatorNotAllowed_FailsNonRetryableWithoutRunningAnything()
    {
        var env = new ActivityEnvironment();

        var e = await Assert.ThrowsAsync<ApplicationFailureException>(() => env.RunAsync(() => Activities(Mock(0)).RunCalculationAsync(Input("rm -rf /"))));

        Assert.Equal((ErrorTypes.UnknownCalculator, true), (e.ErrorType, e.NonRetryable));
        Assert.Contains("allowed: mock", e.Message, StringComparison.Ordinal);
    }
}
