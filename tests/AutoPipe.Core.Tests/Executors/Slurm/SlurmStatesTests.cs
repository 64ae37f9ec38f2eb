using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Executors.Slurm;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Tests.Executors.Slurm;

public class SlurmStatesTests
{
    [Theory]
    // JobAcctGatherParams=OverMemoryKill (the test cluster's, copied from its slurm-<id>.out).
    [InlineData("slurmstepd-vm: error: StepId=1184.batch exceeded memory limit (329756672 > 52428800), being killed\nslurmstepd-vm: error: Exceeded job memory limit\n", "StepId=1184.batch exceeded memory limit (329756672 > 52428800), being killed")]
    // task/cgroup with ConstrainRAMSpace (slurmstepd 22.05's wording).
    [InlineData("pw.x output\nslurmstepd: error: Detected 1 oom_kill event in StepId=77.batch. Some of the step tasks have been OOM Killed.\n", "Detected 1 oom_kill event in StepId=77.batch. Some of the step tasks have been OOM Killed.")]
    [InlineData("the job printed: out of memory? not slurmstepd\n", null)]
    [InlineData(null, null)]
    public void MemoryExceeded_SlurmstepdLine_IsFoundWhicheverMechanismKilledTheJob(string? output, string? expected)
    {
        Assert.Equal(expected, SlurmStates.MemoryExceeded(output));
    }

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
