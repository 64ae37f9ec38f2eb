using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Executors.Slurm;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Tests.Executors.Slurm;

public class SlurmTimeTests
{
    [Theory]
    [InlineData("30", 1800)]
    [InlineData("30:15", 1815)]
    [InlineData("01:00:00", 3600)]
    [InlineData("2-00", 172800)]
    [InlineData("1-02:03", 93780)]
    [InlineData("1-02:03:04", 93784)]
    public void ToSeconds_SlurmFormats_AreRead(string value, double seconds) => Assert.Equal(seconds, SlurmTime.ToSeconds(value));

    [Theory]
    [InlineData(null)]
    [InlineData("INFINITE")]
    [InlineData("soon")]
    public void ToSeconds_NoLimit_IsNull(string? value) => Assert.Null(SlurmTime.ToSeconds(value));

    [Fact]
    public void Corrections_PwxUnderATimeLimitShorterThanItsTimeout_SetsMaxSecondsBelowTheSlurmLimit()
    {
        var espresso = new EspressoCalculatorSpec("pw.x", "/tmp", new Dictionary<string, string> { ["Si"] = "Si.UPF" }, new Dictionary<string, JsonNode>(), null, 86400);
        var spec = new CampaignSpec("c", 1, "/tmp/s.extxyz", null, espresso, new RetryOptions()) { Executor = new SlurmExecutorSpec { TimeLimit = "10" } };

        var correction = CalculatorPlugins.Default.CorrectionPolicyFor(spec).Correct(FailureKind.Timeout, 1, new Dictionary<string, JsonNode>());

        Assert.NotNull(correction);
        Assert.Equal(540, correction.Parameters["max_seconds"].GetValue<double>());
    }
}
