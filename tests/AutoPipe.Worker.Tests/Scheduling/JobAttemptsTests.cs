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
        var attempts = new JobAttempts(TestJobs.Job(9), new RetryOptions(), Plugins.CorrectionPolicyFor, [Learned]);
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
        var attempts = new JobAttempts(TestJobs.Job(9), new RetryOptions(), Plugins.CorrectionPolicyFor, [Learned]);
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
        var attempts = new JobAttempts(TestJobs.Job(1), new RetryOptions(), Plugins.CorrectionPolicyFor);

        var input = attempts.Input("c", "qe", null);
        var outcome = attempts.Completed(new CalculationResult(-1, [[0, 0, 0]], null, null, "scf-flaky", []), Now, Now);

        Assert.Null(input.Learned);
        Assert.Null(outcome.Learned);
    }

    [Fact]
    public void Failed_EspressoFailureOnTheWorkflow_DecidedByTheBuiltInPolicy()
    {
        // What the end-to-end tests expect of the workflow: its policies are compiled in, never read from a registry.
        var attempts = new JobAttempts(TestJobs.Job(1), new RetryOptions(), Core.Policy.BuiltInCorrectionPolicies.For);
        var details = new CalculationFailureDetails(FailureKind.ScfNotConverged, "espresso", ScfFlakyCalculator.BaseParameters, null);
        var next = Assert.IsType<Core.Policy.RetryDecision.Retry>(attempts.Failed(FailureKind.ScfNotConverged, "no", details, Now, Now));
        attempts.Advance(next);
        var outcome = attempts.Completed(new CalculationResult(-1, [[0, 0, 0]], null, null, "espresso", []), Now, Now);

        Assert.Equal([ScfFlakyCalculator.EspressoRepair], outcome.Corrections);
        Assert.Equal(0.35, attempts.Input("c", "qe", null).Parameters["mixing_beta"].GetValue<double>());
        var learning = new CorrectionLearning(1, LearningState.Empty);
        var learned = Assert.IsType<LearningChange.Learned>(Assert.Single(learning.Observe(attempts.Finished(completed: true), attempts.NumericalKeys)));
        Assert.Equal("electron_maxstep 200, mixing_beta 0.35", learned.Correction.SettingsText);
    }
}
