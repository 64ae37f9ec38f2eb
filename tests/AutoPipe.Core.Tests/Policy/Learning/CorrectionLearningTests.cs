using System.Text.Json;
using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Espresso;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Policy.Learning;

namespace AutoPipe.Core.Tests.Policy.Learning;

public class CorrectionLearningTests
{
    private static readonly IReadOnlySet<string> Numerical = new EspressoCorrectionPolicy(3600).NumericalKeys;

    private static readonly Dictionary<string, JsonNode> Spec = Parameters(("ecutwfc", 30), ("conv_thr", 1e-8), ("electron_maxstep", 10));

    private static Dictionary<string, JsonNode> Parameters(params (string Key, object Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => JsonSerializer.SerializeToNode(e.Value)!, StringComparer.Ordinal);

    /// <summary>The espresso ladder's first SCF repair of <see cref="Spec"/>, exactly as the policy makes it.</summary>
    private static IReadOnlyDictionary<string, JsonNode> ScfRepair(IReadOnlyDictionary<string, JsonNode> failed) =>
        new EspressoCorrectionPolicy(3600).Correct(FailureKind.ScfNotConverged, 1, failed)!.Parameters;

    /// <summary>A job whose first attempt failed SCF and whose second, corrected, completed.</summary>
    private static FinishedJob Repaired(string job, CorrectionLearning learning)
    {
        var first = learning.StartParameters(Spec);
        return new FinishedJob(job, true, [FailureKind.ScfNotConverged], first, ScfRepair(first), learning.Active);
    }

    /// <summary>A job that completed on its first attempt, or whose every attempt failed SCF.</summary>
    private static FinishedJob FirstTry(string job, CorrectionLearning learning, bool failsScf = false)
    {
        var first = learning.StartParameters(Spec);
        return failsScf
            ? new FinishedJob(job, false, [FailureKind.ScfNotConverged, FailureKind.ScfNotConverged, FailureKind.ScfNotConverged], first, ScfRepair(ScfRepair(first)), learning.Active)
            : new FinishedJob(job, true, [], first, first, learning.Active);
    }

    [Fact]
    public void Observe_SameRepairInLearnAfterCalculations_LaterCalculationsStartWithItsNumericalSettingsOnly()
    {
        var learning = new CorrectionLearning(2, LearningState.Empty);

        var afterOne = learning.Observe(Repaired("job-0003", learning), Numerical);
        var afterTwo = learning.Observe(Repaired("job-0007", learning), Numerical);

        Assert.Empty(afterOne);
        var learned = Assert.IsType<LearningChange.Learned>(Assert.Single(afterTwo)).Correction;
        Assert.Equal(FailureKind.ScfNotConverged, learned.Kind);
        Assert.Equal(["job-0003", "job-0007"], learned.FromJobs);
        // mixing_beta halved and electron_maxstep doubled; the charge-density restart is this calculation's own history.
        Assert.Equal("electron_maxstep 20, mixing_beta 0.35", learned.SettingsText);
        var start = learning.StartParameters(Spec);
        Assert.Equal((30, 1e-8, 20, 0.35), (start["ecutwfc"].GetValue<int>(), start["conv_thr"].GetValue<double>(), start["electron_maxstep"].GetValue<int>(), start["mixing_beta"].GetValue<double>()));
        Assert.False(start.ContainsKey(EspressoParameterKeys.RestartFromPrevious));
        Assert.Equal("ScfNotConverged is repaired by electron_maxstep 20, mixing_beta 0.35 (learned from job-0003, job-0007)", learned.ToString());
    }

    [Fact]
    public void Observe_RepairThatChangedPhysics_LearnsOnlyTheNumericalPartAndNeverACutoff()
    {
        var learning = new CorrectionLearning(2, LearningState.Empty);
        var physicsOnly = Parameters(("ecutwfc", 40), ("conv_thr", 1e-8), ("electron_maxstep", 10));
        var mixed = Parameters(("ecutwfc", 40), ("conv_thr", 1e-6), ("electron_maxstep", 10), ("mixing_beta", 0.3));

        var fromPhysics = new[] { "job-0001", "job-0002", "job-0003" }
            .SelectMany(id => learning.Observe(new FinishedJob(id, true, [FailureKind.ScfNotConverged], Spec, physicsOnly, []), Numerical))
            .ToList();
        var fromMixed = new[] { "job-0004", "job-0005" }
            .SelectMany(id => learning.Observe(new FinishedJob(id, true, [FailureKind.ScfNotConverged], Spec, mixed, []), Numerical))
            .ToList();

        Assert.Empty(fromPhysics);
        var learned = Assert.IsType<LearningChange.Learned>(Assert.Single(fromMixed)).Correction;
        Assert.Equal("mixing_beta 0.3", learned.SettingsText);
        var start = learning.StartParameters(Spec);
        Assert.Equal((30, 1e-8), (start["ecutwfc"].GetValue<int>(), start["conv_thr"].GetValue<double>()));
    }

    [Fact]
    public void Observe_DifferentRepairsOfTheSameFailure_DoNotAddUp()
    {
        var learning = new CorrectionLearning(2, LearningState.Empty);
        var gentle = Parameters(("ecutwfc", 30), ("conv_thr", 1e-8), ("electron_maxstep", 10), ("mixing_beta", 0.35));
        var strong = Parameters(("ecutwfc", 30), ("conv_thr", 1e-8), ("electron_maxstep", 10), ("mixing_beta", 0.175));

        var changes = learning.Observe(new FinishedJob("job-0001", true, [FailureKind.ScfNotConverged], Spec, gentle, []), Numerical)
            .Concat(learning.Observe(new FinishedJob("job-0002", true, [FailureKind.ScfNotConverged, FailureKind.ScfNotConverged], Spec, strong, []), Numerical));

        Assert.Empty(changes);
        Assert.Empty(learning.Active);
    }

    [Fact]
    public void Observe_FailedForGoodOrNeverFailed_TeachesNothing()
    {
        var learning = new CorrectionLearning(1, LearningState.Empty);
        var corrected = ScfRepair(Spec);

        var changes = learning.Observe(new FinishedJob("job-0001", false, [FailureKind.ScfNotConverged, FailureKind.ScfNotConverged], Spec, corrected, []), Numerical)
            .Concat(learning.Observe(new FinishedJob("job-0002", true, [], Spec, Spec, []), Numerical));

        Assert.Empty(changes);
    }

    [Fact]
    public void Observe_LearnAfterZero_LearningIsOff()
    {
        var learning = new CorrectionLearning(0, LearningState.Empty);

        var changes = Enumerable.Range(1, 5).SelectMany(i => learning.Observe(Repaired($"job-{i:D4}", learning), Numerical));

        Assert.Empty(changes);
        Assert.False(learning.Enabled);
        Assert.Equal(Spec.Keys.Order(), learning.StartParameters(Spec).Keys.Order());
    }

    [Fact]
    public void Observe_LearnedCorrectionFailsLearnAfterTimesInARow_IsForgotten()
    {
        var learning = new CorrectionLearning(2, LearningState.Empty);
        learning.Observe(Repaired("job-0001", learning), Numerical);
        learning.Observe(Repaired("job-0002", learning), Numerical);
        var learned = Assert.Single(learning.Active);

        // One failure, then a success: the count starts again. Then two failures in a row: forgotten.
        var changes = new[]
            {
                FirstTry("job-0003", learning, failsScf: true),
                FirstTry("job-0004", learning),
                FirstTry("job-0005", learning, failsScf: true),
                FirstTry("job-0006", learning, failsScf: true),
            }
            .SelectMany(job => learning.Observe(job, Numerical))
            .ToList();

        var forgotten = Assert.IsType<LearningChange.Forgotten>(Assert.Single(changes));
        Assert.Equal(learned.Settings.Keys, forgotten.Correction.Settings.Keys);
        Assert.Equal(["job-0005", "job-0006"], forgotten.FailedIn);
        Assert.Empty(learning.Active);
        Assert.Equal(10, learning.StartParameters(Spec)["electron_maxstep"].GetValue<int>());
    }

    [Fact]
    public void Observe_FailuresOfCalculationsStartedBeforeItWasLearned_DoNotCountAgainstIt()
    {
        var learning = new CorrectionLearning(2, LearningState.Empty);
        var startedEarly = Enumerable.Range(1, 4).Select(i => Repaired($"job-{i:D4}", learning)).ToList();

        // All four started before anything was learned and finish after the first two taught it.
        var changes = startedEarly.SelectMany(job => learning.Observe(job, Numerical)).ToList();

        Assert.IsType<LearningChange.Learned>(Assert.Single(changes));
        Assert.Single(learning.Active);
    }

    [Fact]
    public void Observe_LearnedSettingsNeedingTheNextStep_LadderGoesOnAndTheStrongerRepairTakesItsPlace()
    {
        var learning = new CorrectionLearning(2, LearningState.Empty);
        learning.Observe(Repaired("job-0001", learning), Numerical);
        learning.Observe(Repaired("job-0002", learning), Numerical);

        // Started with mixing_beta 0.35, failed, the ladder went on to 0.175 and it converged: twice.
        var changes = learning.Observe(Repaired("job-0003", learning), Numerical)
            .Concat(learning.Observe(Repaired("job-0004", learning), Numerical))
            .ToList();

        // Both started with it and failed: forgotten; both were repaired by the next step: learned instead.
        Assert.Equal(2, changes.Count);
        var forgotten = Assert.IsType<LearningChange.Forgotten>(changes[0]);
        var learned = Assert.IsType<LearningChange.Learned>(changes[1]);
        Assert.Equal("electron_maxstep 20, mixing_beta 0.35", forgotten.Correction.SettingsText);
        Assert.Equal("electron_maxstep 40, mixing_beta 0.175", learned.Correction.SettingsText);
        Assert.Equal(["job-0003", "job-0004"], learned.Correction.FromJobs);
        Assert.Equal(0.175, Assert.Single(learning.Active).Settings["mixing_beta"].GetValue<double>());
    }

    [Fact]
    public void State_ThroughJson_ResumesTheSameDecisions()
    {
        var learning = new CorrectionLearning(3, LearningState.Empty);
        learning.Observe(Repaired("job-0001", learning), Numerical);
        learning.Observe(Repaired("job-0002", learning), Numerical);

        var json = JsonSerializer.Serialize(learning.State);
        var resumed = new CorrectionLearning(3, JsonSerializer.Deserialize<LearningState>(json)!);
        var original = learning.Observe(Repaired("job-0003", learning), Numerical);
        var again = resumed.Observe(Repaired("job-0003", resumed), Numerical);

        Assert.Equal(
            Assert.IsType<LearningChange.Learned>(Assert.Single(original)).Correction.ToString(),
            Assert.IsType<LearningChange.Learned>(Assert.Single(again)).Correction.ToString());
        Assert.Equal(JsonSerializer.Serialize(learning.State), JsonSerializer.Serialize(resumed.State));
    }

    [Fact]
    public void NumericalKeys_Policies_EspressoDeclaresHowTheAnswerIsReachedAndTheMockNothing()
    {
        Assert.Equal(
            ["diagonalization", "electron_maxstep", "mixing_beta", "mixing_mode", EspressoParameterKeys.BandFactor],
            new EspressoCorrectionPolicy(3600).NumericalKeys.Order(StringComparer.Ordinal));
        Assert.Empty(((ICorrectionPolicy)NoCorrections.Instance).NumericalKeys);
        Assert.DoesNotContain("ecutwfc", Numerical);
        Assert.DoesNotContain("kpts", Numerical);
        Assert.DoesNotContain("degauss", Numerical);
        Assert.DoesNotContain("max_seconds", Numerical);
    }
}
