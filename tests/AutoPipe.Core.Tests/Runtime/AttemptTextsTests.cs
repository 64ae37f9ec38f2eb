using System.Text.Json;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Tests.Runtime;

/// <summary>The texts both runtimes record, spelled once: what checkpoint.json, status and the rows show.</summary>
public sealed class AttemptTextsTests
{
    [Fact]
    public void Failure_ReadBackForItsKind_NamesTheKindEvenWhenTheMessageHasColons()
    {
        var text = AttemptTexts.Failure(FailureKind.ScfNotConverged, "convergence NOT achieved: after 6 iterations");

        Assert.Equal("ScfNotConverged: convergence NOT achieved: after 6 iterations", text);
        Assert.Equal(FailureKind.ScfNotConverged, AttemptTexts.FailureKindOf(text));
        Assert.Equal(FailureKind.Crashed, AttemptTexts.FailureKindOf("segfault without a kind"));
    }

    [Fact]
    public void RetryPolicy_GivingUp_SaysTheFailureInTheSharedWordsAndWhy()
    {
        var decision = RetryPolicy.Decide(FailureKind.Timeout, "no answer in 5 s", 3, new RetryOptions(3, 1), NoCorrections.Instance, new Dictionary<string, System.Text.Json.Nodes.JsonNode>());

        var giveUp = Assert.IsType<RetryDecision.GiveUp>(decision);
        Assert.StartsWith(AttemptTexts.Failure(FailureKind.Timeout, "no answer in 5 s") + " (", giveUp.Reason, StringComparison.Ordinal);
        Assert.Contains("3 of 3 attempts", giveUp.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FailedJob_ReasonWithColons_RoundTripsThroughItsOneLineForm()
    {
        var failed = new FailedJob("job-0007", "ScfNotConverged: convergence NOT achieved: (gave up after 3 of 3 attempts)");

        Assert.Equal("job-0007: ScfNotConverged: convergence NOT achieved: (gave up after 3 of 3 attempts)", failed.ToString());
        Assert.Equal(failed, FailedJob.Parse(failed.ToString()));
        Assert.Equal(new FailedJob("job-0008", ""), FailedJob.Parse("job-0008"));
    }

    [Fact]
    public void FailedJob_Json_IsTheStringEarlierPayloadsHold()
    {
        // Continue-as-new states and progress answers recorded before the record existed hold "job: reason".
        var earlier = """["job-0002: Crashed: boom","job-0003: "]""";

        var read = JsonSerializer.Deserialize<List<FailedJob>>(earlier)!;

        Assert.Equal([new FailedJob("job-0002", "Crashed: boom"), new FailedJob("job-0003", "")], read);
        Assert.Equal(earlier, JsonSerializer.Serialize(read));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<List<FailedJob>>("[42]"));
    }
}
