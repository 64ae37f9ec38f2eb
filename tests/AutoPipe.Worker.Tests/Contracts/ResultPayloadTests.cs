using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Storage;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Tests.Support;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace AutoPipe.Worker.Tests.Contracts;

/// <summary>Issue 12: a result's provenance travels in Temporal's history without breaking the histories already recorded.</summary>
public class ResultPayloadTests
{
    private static readonly IPayloadConverter converter = DataConverter.Default.PayloadConverter;

    [Fact]
    public void ToValue_ResultRecordedBeforeProvenanceExisted_ReadsWithNullProvenance()
    {
        // A RunCalculation result and a JobOutcome as workers wrote them before issue 12.
        const string result = """{"Energy":-212.9,"Forces":[[0.1,0.2,0.3]],"Stress":null,"FreeEnergy":-212.9,"CalculatorName":"espresso","CalculatorParameters":{"ecutwfc":20}}""";
        var payload = new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") }, Data = ByteString.CopyFromUtf8(result) };
        var outcomePayload = new Payload
        {
            Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
            Data = ByteString.CopyFromUtf8($$"""{"sequence":1,"jobId":"job-0001","status":"Completed","attempts":1,"result":{{result}},"failureKind":null,"error":null,"corrections":[]}"""),
        };

        var old = converter.ToValue<CalculationResult>(payload);
        var outcome = converter.ToValue<JobOutcome>(outcomePayload);

        Assert.Null(old.Provenance);
        Assert.Equal(-212.9, old.Energy);
        Assert.Null(outcome.Result!.Provenance);
        Assert.Equal(-212.9, outcome.Result.Energy);
    }

    [Fact]
    public void ToPayload_ResultWithProvenance_RoundTripsWithinTheHistoryBudgetOfA100AtomJob()
    {
        var forces = Enumerable.Range(0, 100).Select(i => new[] { -1.2345678901234567e-5 * i, 0.12345678901234567, -0.98765432109876543 }).ToArray();
        var provenance = new CalculationProvenance("PWSCF", "v.6.7MaX", "compute-node-0042.cluster.example.org", 1234.5678901234567, 4321.123456789012, 17, 2.6e-10,
            [new PseudopotentialFile("Si", "Si.pbe-n-rrkjus_psl.1.0.0.UPF", "6dfa03ddd5817404712e03e4d12deb78", true),
             new PseudopotentialFile("O", "O.pbe-n-kjpaw_psl.0.1.UPF", "0123456789abcdef0123456789abcdef", true)]);
        var result = new CalculationResult(-1234.5678901234567, forces, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], null, "espresso", new JsonObject { ["ecutwfc"] = 30 }, provenance);
        var budget = HistoryBudget.Estimate(100_000, 100, 100, 25, 25, 20_000, 20L * 1024 * 1024);

        var payload = converter.ToPayload(result);
        var back = converter.ToValue<CalculationResult>(payload);

        Assert.True(payload.Data.Length <= budget.ResultBytes, $"{payload.Data.Length} B > {budget.ResultBytes} B");
        Assert.Equal(provenance with { Pseudopotentials = null }, back.Provenance! with { Pseudopotentials = null });
        Assert.Equal(provenance.Pseudopotentials, back.Provenance!.Pseudopotentials);
    }

    [Fact]
    public void AttemptReport_Outcome_TravelsByItsStoredName()
    {
        var at = DateTimeOffset.UnixEpoch;
        var payload = converter.ToPayload(new AttemptReport(2, "1@w", 1, at, at, AttemptEnd.Interrupted, null, "lost"));
        var old = new Payload
        {
            Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
            Data = ByteString.CopyFromUtf8("""{"attempt":1,"worker":"1@w","slot":1,"startedAt":"1970-01-01T00:00:00+00:00","endedAt":"1970-01-01T00:00:01+00:00","outcome":"completed","failureKind":null,"message":null}"""),
        };

        Assert.Contains("\"outcome\":\"interrupted\"", payload.Data.ToStringUtf8(), StringComparison.Ordinal);
        Assert.Equal(AttemptEnd.Completed, converter.ToValue<AttemptReport>(old).Outcome);
    }
}
