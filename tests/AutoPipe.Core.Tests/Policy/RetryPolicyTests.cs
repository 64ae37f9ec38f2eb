using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Tests.Policy;

public class RetryPolicyTests
{
    private static readonly RetryOptions options = new(MaxAttempts: 4, InitialIntervalSeconds: 0.5, BackoffCoefficient: 2, MaximumIntervalSeconds: 1.5);
    private static readonly Dictionary<string, JsonNode> noParameters = [];

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 1.0)]
    [InlineData(3, 1.5)]
    public void Decide_Transient_RetriesWithExponentialBackoffCapped(int failedAttempt, double seconds)
    {
        var decision = RetryPolicy.Decide(FailureKind.Transient, "flaky", failedAttempt, options, NoCorrections.Instance, noParameters);

        var retry = Assert.IsType<RetryDecision.Retry>(decision);
        Assert.Equal(failedAttempt + 1, retry.NextAttempt);
        Assert.Equal(TimeSpan.FromSeconds(seconds), retry.Delay);
        Assert.Null(retry.Change);
    }

    [Fact]
    public void Decide_LastAttemptFailed_GivesUpWithTheReason()
    {
        var decision = RetryPolicy.Decide(FailureKind.Transient, "flaky", 4, options, NoCorrections.Instance, noParameters);

        Assert.Equal("Transient: flaky (gave up after 4 of 4 attempts)", Assert.IsType<RetryDecision.GiveUp>(decision).Reason);
    }

    [Fact]
    public void Decide_InputError_IsNeverRetried()
    {
        var decision = RetryPolicy.Decide(FailureKind.InputError, "no pseudopotential", 1, options, NoCorrections.Instance, noParameters);

        Assert.Contains("not retried", Assert.IsType<RetryDecision.GiveUp>(decision).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ScfFailureWithNoCorrectionLeft_GivesUpInsteadOfRepeatingTheSameRun()
    {
        var decision = RetryPolicy.Decide(FailureKind.ScfNotConverged, "convergence NOT achieved", 1, options, NoCorrections.Instance, noParameters);

        Assert.Contains("no correction left", Assert.IsType<RetryDecision.GiveUp>(decision).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_CorrectionAvailable_RetriesWithItsParameters()
    {
        var policy = new HalveBeta();

        var decision = RetryPolicy.Decide(FailureKind.ScfNotConverged, "x", 1, options, policy, new Dictionary<string, JsonNode> { ["mixing_beta"] = 0.7 });

        var retry = Assert.IsType<RetryDecision.Retry>(decision);
        Assert.Equal(0.35, retry.Parameters["mixing_beta"].GetValue<double>());
        Assert.Equal("mixing_beta 0.7 -> 0.35", retry.Change);
    }

    private sealed class HalveBeta : ICorrectionPolicy
    {
        public Correction? Correct(FailureKind kind, int failedAttempt, IReadOnlyDictionary<string, JsonNode> parameters)
        {
            var beta = parameters["mixing_beta"].GetValue<double>();
            return new Correction(new Dictionary<string, JsonNode> { ["mixing_beta"] = beta / 2 }, $"mixing_beta {beta} -> {beta / 2}");
        }
    }
}
