using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Executors.Slurm;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Tests.Executors;

public class SlurmStatesTests
{
    [Theory]
    [InlineData("TIMEOUT", FailureKind.Timeout)]
    [InlineData("DEADLINE", FailureKind.Timeout)]
    [InlineData("OUT_OF_MEMORY", FailureKind.OutOfMemory)]
    [InlineData("NODE_FAIL", FailureKind.Transient)]
    [InlineData("PREEMPTED", FailureKind.Transient)]
    [InlineData("BOOT_FAIL", FailureKind.Transient)]
    [InlineData("CANCELLED", FailureKind.Cancelled)]
    [InlineData("CANCELLED by 1000", FailureKind.Cancelled)]
    [InlineData("FAILED", FailureKind.Crashed)]
    [InlineData("COMPLETED", FailureKind.OutputUnreadable)]
    public void Classify_FinalStateWithoutExitFile_IsTheFailureKindThePolicyDecidesOn(string state, FailureKind expected)
    {
        var (kind, message) = SlurmStates.Classify("42", state, "None");

        Assert.Equal(expected, kind);
        Assert.Contains("42", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FailureKind.Transient, true)]
    [InlineData(FailureKind.Cancelled, false)]
    [InlineData(FailureKind.OutOfMemory, false)]
    public void Decide_SlurmFailureKinds_RetryOnlyWhatCanPassByItself(FailureKind kind, bool retried)
    {
        var decision = RetryPolicy.Decide(kind, "slurm said so", 1, new RetryOptions(), NoCorrections.Instance, new Dictionary<string, JsonNode>());

        Assert.Equal(retried, decision is RetryDecision.Retry);
    }

    [Fact]
    public void Decide_CancelledFromOutside_GivesUpSayingWhy()
    {
        var decision = RetryPolicy.Decide(FailureKind.Cancelled, "Slurm job 7 was cancelled outside AutoPipe", 1, new RetryOptions(), NoCorrections.Instance, new Dictionary<string, JsonNode>());

        var giveUp = Assert.IsType<RetryDecision.GiveUp>(decision);
        Assert.Contains("cancelled outside AutoPipe", giveUp.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PENDING", false)]
    [InlineData("RUNNING", false)]
    [InlineData("COMPLETING", false)]
    [InlineData("COMPLETED", true)]
    [InlineData("TIMEOUT", true)]
    public void IsFinished_TellsQueuedFromOver(string state, bool finished) => Assert.Equal(finished, SlurmStates.IsFinished(state));
}
