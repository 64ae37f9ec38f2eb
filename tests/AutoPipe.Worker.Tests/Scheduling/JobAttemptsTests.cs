using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Policy.Learning;
using AutoPipe.Core.Spec;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Scheduling;
using AutoPipe.Worker.Tests.Support;

namespace AutoPipe.Worker.Tests.Scheduling;

public class JobAttemptsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    private static readonly CalculatorPlugins Plugins = Flaky();

    private static readonly LearnedCorrection Learned = new(FailureKind.ScfNotConverged, new Dictionary<string, JsonNode> { ["mixing_beta"] = 0.35 }, ["job-0003", "job-0007"]);

    private static CalculatorPlugins Flaky()
    {
        var plugins = new CalculatorPlugins();
        plugins.Register(ScfFlakyCalculator.Kind, (_, _) => new ScfFlakyCalculator(), new ScfFlakyCalculator.Policy());
        return plugins;
    }

    private static CalculationFailureDetails Details(IReadOnlyDictionary<string, JsonNode> parameters) =>
        new(FailureKind.ScfNotConverged, ScfFlakyCalculator.Kind, parameters, null);

    [Fact]
    public void Input_StartedWithALearnedCorrection_FirstAttemptCarriesItAndTheCorrectedSetAfterwards()
    {
        var attempts = new JobAttempts(TestJobs.Job(9), new RetryOptions(), Plugins, [Learned]);
        var first = attempts.Input("c", "qe", null);
        // The worker ran the campaign's parameters with the learned setting on top, and failed.
        var ran = new Dictionary<string, JsonNode> { ["mixing_beta"] = 0.35, ["ecutwfc"] = 30 };
        var decision = Assert.IsType<Core.Policy.RetryDecision.Retry>(attempts.Failed(FailureKind.ScfNotConverged, "no", Details(ran), Now, Now));
        attempts.Advance(decision);
        var second = attempts.Input("c", "qe", null);

        Assert.Equal(0.35, first.Learned!["mixing_beta"].GetValue<double>());
        Assert.Empty(first.Parameters);
        Assert.Null(second.Learned);
        Assert.Equal((0.3, 30), (second.Parameters["mixing_beta"].GetValue<double>(), second.Parameters["ecutwfc"].GetValue<int>()));
    }

    [Fact]
    public void Finished_RepairedAfterALearnedStart_TellsTheLearningWhatRanFirstAndLastAndWhatItStartedWith()
    {
        var attempts = new JobAttempts(TestJobs.Job(9), new RetryOptions(), Plugins, [Learned]);
        var ran = new Dictionary<string, JsonNode> { ["mixing_beta"] = 0.35, ["ecutwfc"] = 30 };
        attempts.Advance(Assert.IsType<Core.Policy.RetryDecision.Retry>(attempts.Failed(FailureKind.ScfNotConverged, "no", Details(ran), Now, Now)));
        var outcome = attempts.Completed(new CalculationResult(-1, [[0, 0, 0]], null, null, "scf-flaky", []), Now, Now);

        var finished = attempts.Finished(completed: true);

        Assert.Equal([FailureKind.ScfNotConverged], finished.Failures);
        Assert.Equal(0.35, finished.FirstParameters["mixing_beta"].GetValue<double>());
        Assert.Equal(0.3, finished.LastParameters["mixing_beta"].GetValue<double>());
        Assert.Equal([Learned], finished.StartedWith);
        Assert.Equal(["mixing_beta"], attempts.NumericalKeys);
        Assert.Equal(["ScfNotConverged is repaired by mixing_beta 0.35 (learned from job-0003, job-0007)"], outcome.Learned);
    }

    [Fact]
    public void Input_NothingLearned_CarriesNoLearnedSettingsAndTheOutcomeSaysNothing()
    {
        var attempts = new JobAttempts(TestJobs.Job(1), new RetryOptions(), Plugins);

        var input = attempts.Input("c", "qe", null);
        var outcome = attempts.Completed(new CalculationResult(-1, [[0, 0, 0]], null, null, "scf-flaky", []), Now, Now);

        Assert.Null(input.Learned);
        Assert.Null(outcome.Learned);
    }
}
