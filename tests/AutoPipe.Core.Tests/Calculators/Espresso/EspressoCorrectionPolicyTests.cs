using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Espresso;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Spec;
using static AutoPipe.Core.Tests.Calculators.Espresso.EspressoTestEnvironment;

namespace AutoPipe.Core.Tests.Calculators.Espresso;

public class EspressoCorrectionPolicyTests
{
    private readonly EspressoCorrectionPolicy policy = new(timeoutSeconds: 600);

    private static JsonNode? Get(Correction correction, string key) => correction.Parameters.TryGetValue(key, out var value) ? value : null;

    private static double Number(Correction correction, string key) => double.Parse(Get(correction, key)!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Correct_ScfNotConverged_LadderThenNothingLeft()
    {
        var start = Parameters(("ecutwfc", 20), ("mixing_beta", 0.7));

        var first = policy.Correct(FailureKind.ScfNotConverged, 1, start)!;
        Assert.Equal("mixing_beta 0.7 -> 0.35, electron_maxstep 100 -> 200, restart from previous charge density", first.Description);
        Assert.Equal(0.35, Number(first, "mixing_beta"));
        Assert.Equal(200, Number(first, "electron_maxstep"));
        Assert.True(Get(first, EspressoParameterKeys.RestartFromPrevious)!.GetValue<bool>());
        Assert.Null(Get(first, "mixing_mode"));

        var second = policy.Correct(FailureKind.ScfNotConverged, 2, first.Parameters)!;
        Assert.Equal("mixing_mode plain -> local-TF, mixing_beta 0.35 -> 0.175, electron_maxstep 200 -> 400, restart from previous charge density", second.Description);
        Assert.Equal("local-TF", Get(second, "mixing_mode")!.GetValue<string>());

        var third = policy.Correct(FailureKind.ScfNotConverged, 3, second.Parameters)!;
        Assert.Equal("mixing_beta 0.175 -> 0.0875, electron_maxstep 400 -> 800, restart from previous charge density", third.Description);

        Assert.Null(policy.Correct(FailureKind.ScfNotConverged, 4, third.Parameters));
        Assert.Equal("0.7", start["mixing_beta"].ToJsonString());
        Assert.Equal(2, start.Count);
    }

    [Fact]
    public void Correct_DiagonalizationFailed_EachSolverOnceThenNothingLeft()
    {
        IReadOnlyDictionary<string, JsonNode> parameters = Parameters(("ecutwfc", 20));
        var seen = new List<string>();
        // Bounded: a policy that never runs out fails the assertion below instead of hanging the suite.
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var correction = policy.Correct(FailureKind.DiagonalizationFailed, attempt, parameters);
            if (correction is null)
            {
                break;
            }

            seen.Add(correction.Description);
            parameters = correction.Parameters;
        }

        Assert.Equal(["diagonalization david -> ppcg", "diagonalization ppcg -> paro", "diagonalization paro -> cg"], seen);
    }

    [Fact]
    public void Correct_DiagonalizationFailedStartingFromCg_TriesTheOthers()
    {
        var first = policy.Correct(FailureKind.DiagonalizationFailed, 1, Parameters(("diagonalization", "cg")))!;
        Assert.Equal("diagonalization cg -> david", first.Description);
        Assert.Equal("diagonalization david -> ppcg", policy.Correct(FailureKind.DiagonalizationFailed, 2, first.Parameters)!.Description);
    }

    [Fact]
    public void Correct_KilledAgainDespiteMaxSeconds_MoreRoomTwiceThenNothingLeft()
    {
        var first = policy.Correct(FailureKind.Timeout, 1, Parameters(("ecutwfc", 20)))!;
        Assert.Equal("max_seconds unset -> 540, restart from previous charge density", first.Description);
        Assert.Equal(540, Number(first, "max_seconds"));

        // pw.x checks max_seconds only between SCF iterations: killed again, an iteration or the final write outlasted
        // the 60 s left, so it gets 150 s, then 240 s, to stop and save; then not even one iteration fits.
        var second = policy.Correct(FailureKind.Timeout, 2, first.Parameters)!;
        Assert.Equal("max_seconds 540 -> 450 (killed although it had max_seconds: more room to stop and save)", second.Description);
        var third = policy.Correct(FailureKind.Timeout, 3, second.Parameters)!;
        Assert.Equal(360, Number(third, "max_seconds"));
        Assert.True(Get(third, EspressoParameterKeys.RestartFromPrevious)!.GetValue<bool>());
        Assert.Null(policy.Correct(FailureKind.Timeout, 4, third.Parameters));
    }

    [Fact]
    public void Decide_StoppedItselfWithoutProgress_NoMoreRoomTheJobFailsSayingWhy()
    {
        // pw.x stopped itself at max_seconds before completing one SCF iteration: less time would only make it worse.
        var first = policy.Correct(FailureKind.Timeout, 1, Parameters(("ecutwfc", 20)))!;
        var stopped = EspressoOutputParser.ParseFile(EspressoTestEnvironment.DataPath("resumed-no-progress.pwo"));

        var decision = RetryPolicy.Decide(FailureKind.Timeout, stopped.FailureMessage!, 2, new RetryOptions(MaxAttempts: 5), policy, first.Parameters);

        Assert.Equal(FailureKind.Timeout, stopped.Failure);
        var giveUp = Assert.IsType<RetryDecision.GiveUp>(decision);
        Assert.Contains(EspressoCorrectionPolicy.NeedsLongerLimit, giveUp.Reason, StringComparison.Ordinal);
        // Killed at the limit instead, the same parameters get more room.
        Assert.IsType<RetryDecision.Retry>(RetryPolicy.Decide(FailureKind.Timeout, "pw.x ran past the time limit of 600 s and was killed", 2, new RetryOptions(MaxAttempts: 5), policy, first.Parameters));
    }

    [Fact]
    public void Correct_KilledAgainAsDecidedBeforeTheRepair_NothingLeft()
    {
        // What workflows started before the repair must go on deciding (behind a patch).
        var before = new EspressoCorrectionPolicy(timeoutSeconds: 600, moreRoomWhenKilledAgain: false);
        var first = before.Correct(FailureKind.Timeout, 1, Parameters(("ecutwfc", 20)))!;

        Assert.Null(before.Correct(FailureKind.Timeout, 2, first.Parameters));
        Assert.Null(BuiltInCorrectionPolicies.For("espresso", 600, moreRoomWhenKilledAgain: false).Correct(FailureKind.Timeout, 2, first.Parameters));
        Assert.NotNull(BuiltInCorrectionPolicies.For("espresso", 600).Correct(FailureKind.Timeout, 2, first.Parameters));
    }

    [Fact]
    public void Correct_KilledAgainUnderALimitTooShortToShare_NothingLeft()
    {
        // A 1 s limit: max_seconds is already at its floor of 1 s, no smaller share is a whole second less.
        var tiny = new EspressoCorrectionPolicy(timeoutSeconds: 1);
        var first = tiny.Correct(FailureKind.Timeout, 1, Parameters(("ecutwfc", 20)))!;

        Assert.Equal(1, Number(first, "max_seconds"));
        Assert.Null(tiny.Correct(FailureKind.Timeout, 2, first.Parameters));
    }

    [Fact]
    public void Correct_KilledThenCheckpointedTwice_MaxSecondsOnceThenContinuesEachTime()
    {
        var killed = policy.Correct(FailureKind.Timeout, 1, Parameters(("ecutwfc", 20)))!;
        var first = policy.Correct(FailureKind.Checkpointed, 2, killed.Parameters)!;
        var second = policy.Correct(FailureKind.Checkpointed, 3, first.Parameters)!;

        Assert.Equal("continue from the state saved by attempt 2 (restart_mode='restart')", first.Description);
        Assert.Equal("continue from the state saved by attempt 3 (restart_mode='restart')", second.Description);
        Assert.True(Get(second, EspressoParameterKeys.ContinueFromPrevious)!.GetValue<bool>());
        Assert.Equal(540, Number(second, "max_seconds"));
    }

    [Fact]
    public void Correct_CheckpointedWithoutMaxSecondsBelowLimit_AlsoLowersIt()
    {
        var correction = policy.Correct(FailureKind.Checkpointed, 1, Parameters(("max_seconds", 1000)))!;

        Assert.Equal("max_seconds 1000 -> 540, continue from the state saved by attempt 1 (restart_mode='restart')", correction.Description);
    }

    [Fact]
    public void Decide_CheckpointedEveryTime_ContinuesUntilMaxAttemptsThenGivesUpSayingSo()
    {
        var options = new RetryOptions(MaxAttempts: 4);
        IReadOnlyDictionary<string, JsonNode> parameters = Parameters(("ecutwfc", 20));
        var decisions = new List<RetryDecision>();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var decision = RetryPolicy.Decide(FailureKind.Checkpointed, "saved its state", attempt, options, policy, parameters);
            decisions.Add(decision);
            if (decision is RetryDecision.Retry retry)
            {
                parameters = retry.Parameters;
            }
        }

        Assert.All(decisions.Take(3), d => Assert.IsType<RetryDecision.Retry>(d));
        var giveUp = Assert.IsType<RetryDecision.GiveUp>(decisions[3]);
        Assert.Contains("gave up after 4 of 4 attempts", giveUp.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Correct_TimeoutWithMaxSecondsAboveLimit_Lowered()
    {
        var correction = policy.Correct(FailureKind.Timeout, 1, Parameters(("max_seconds", 1000), (EspressoParameterKeys.RestartFromPrevious, true)))!;
        Assert.Equal("max_seconds 1000 -> 540", correction.Description);
    }

    [Fact]
    public void Correct_BandsTooFew_TwentyPercentMoreUpToTwiceThenNothingLeft()
    {
        IReadOnlyDictionary<string, JsonNode> parameters = Parameters(("nbnd", 10));
        var factors = new List<double>();
        // Bounded: a policy that never runs out fails the assertion below instead of hanging the suite.
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var correction = policy.Correct(FailureKind.BandsTooFew, attempt, parameters);
            if (correction is null)
            {
                break;
            }

            factors.Add(Number(correction, EspressoParameterKeys.BandFactor));
            Assert.EndsWith("restart from previous charge density", correction.Description, StringComparison.Ordinal);
            parameters = correction.Parameters;
        }

        Assert.Equal([1.2, 1.44, 1.728], factors);
        Assert.Equal("10", parameters["nbnd"].ToJsonString());
    }

    [Theory]
    [InlineData(FailureKind.Crashed)]
    [InlineData(FailureKind.Transient)]
    [InlineData(FailureKind.OutputUnreadable)]
    [InlineData(FailureKind.InputError)]
    public void Correct_FailureWithoutRepair_Null(FailureKind kind)
    {
        Assert.Null(policy.Correct(kind, 1, Parameters(("ecutwfc", 20))));
    }

    [Fact]
    public void Correct_KeysInOtherCase_UpdatedInPlace()
    {
        var correction = policy.Correct(FailureKind.ScfNotConverged, 1, Parameters(("Mixing_Beta", 0.4)))!;
        Assert.Equal(0.2, Number(correction, "Mixing_Beta"));
        Assert.False(correction.Parameters.ContainsKey("mixing_beta"));
    }
}
