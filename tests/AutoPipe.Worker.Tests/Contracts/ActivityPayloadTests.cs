using System.Text;
using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Scheduling;
using AutoPipe.Worker.Tests.Support;
using Temporalio.Converters;
using Xunit.Abstractions;

namespace AutoPipe.Worker.Tests.Contracts;

/// <summary>
/// What each activity carries through Temporal's history for one job, measured with the SDK's own payload converter
/// on a small (2-atom, the mock's) and a large (200-atom) structure: the job's share of a <c>LoadJobBatch</c> result,
/// its <c>RunCalculation</c> input and result, and its share of a <c>RecordResults</c> input.
/// </summary>
public class ActivityPayloadTests(ITestOutputHelper output)
{
    private static readonly IPayloadConverter Converter = DataConverter.Default.PayloadConverter;
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 6, 16, 30, 596, TimeSpan.Zero);

    public static TheoryData<int, int> Sizes => new()
    {
        // atoms, most bytes the four payloads of one job may take together: 2,563 and 54,551 before nulls were left
        // out and the outcome stopped repeating the execution record; a 200-atom job is four copies of its numbers
        // (positions loaded and sent, forces returned and recorded), which only a payload codec could shrink.
        { 2, 2_200 },
        { 200, 54_500 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Payloads_OneCompletedJob_CarryEachThingOnceAndStayWithinBudget(int atoms, int budget)
    {
        var (item, input, result, outcome) = OneJob(atoms);
        var batch = new JobBatch(Enumerable.Range(1, 25).Select(i => item with { Sequence = i, JobId = $"job-{i:D4}" }).ToList(), 1000);
        var record = new RecordResultsInput("campaign-name", Enumerable.Repeat(outcome, 25).ToList());

        var sizes = (
            Load: Bytes(batch) / 25,
            Input: Bytes(input),
            Result: Bytes(result),
            Record: Bytes(record) / 25);
        var total = sizes.Load + sizes.Input + sizes.Result + sizes.Record;
        output.WriteLine($"{atoms} atoms: LoadJobBatch {sizes.Load:N0} B, RunCalculation input {sizes.Input:N0} B, result {sizes.Result:N0} B, RecordResults {sizes.Record:N0} B; {total:N0} B per job");

        var recorded = Text(outcome);
        // Where and when the attempt ran is in the attempt log; the result in the outcome does not repeat it.
        Assert.Equal(1, Occurrences(recorded, "\"2026-12-05T06:16:30.596"));
        // Absent values are left out rather than written as null.
        Assert.DoesNotContain(":null", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain(":null", Text(result), StringComparison.Ordinal);
        Assert.DoesNotContain(":null", Text(input), StringComparison.Ordinal);
        Assert.DoesNotContain("skipped", Text(item), StringComparison.Ordinal);
        Assert.True(total <= budget, $"{total:N0} B per job > {budget:N0} B");
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void OutcomeSizeEstimate_CompletedAndRetriedJobs_BoundsTheRealPayloadAndIsNotNeedlesslyLarge(int atoms, int budget)
    {
        _ = budget;
        var (_, _, _, outcome) = OneJob(atoms);
        var retried = outcome with
        {
            Attempts = 3,
            Corrections = ["attempt 2: mixing_beta 0.7 -> 0.35", "attempt 3: electron_maxstep 100 -> 200"],
            Failures = ["ScfNotConverged: convergence NOT achieved after 100 iterations: stopping", "ScfNotConverged: Ünïcödé «quoted» \"text\" \\ with escapes"],
            AttemptLog = [.. Enumerable.Range(1, 3).Select(a => new AttemptReport(a, "12345@compute-node-0042", 3, Start, Start.AddSeconds(a), a < 3 ? AttemptEnd.Failed : AttemptEnd.Completed, a < 3 ? "ScfNotConverged" : null, a < 3 ? "convergence NOT achieved – Ünïcödé" : null))],
        };
        var learned = retried with { Learned = ["ScfNotConverged is repaired by electron_maxstep 200, mixing_beta 0.35 (learned from job-0001, job-0002)"] };
        var failed = retried with { Status = JobStatus.Failed, Result = null, FailureKind = FailureKind.ScfNotConverged, Error = "convergence NOT achieved after 3 attempts: \u00e9\u00e8\u00ea" };

        foreach (var o in new[] { outcome, retried, learned, failed })
        {
            var real = Bytes(o);
            var estimate = OutcomeSize.Estimate(o);
            output.WriteLine($"{atoms} atoms, {o.Status} after {o.Attempts}: {real:N0} B, estimated {estimate:N0} B");
            Assert.True(estimate >= real, $"estimate {estimate} < real {real}");
        }

        Assert.True(OutcomeSize.Estimate(outcome) <= 2 * Bytes(outcome) + 1_600, "the estimate of a plain outcome is not needlessly large");
    }

    private static (JobItem Item, CalculationInput Input, CalculationResult Result, JobOutcome Outcome) OneJob(int atoms)
    {
        var structure = atoms == 2 ? MockStructures.ForJob(1) : TestJobs.Large(atoms);
        var item = new JobItem(1, "job-0001", JobStructure.From(structure));
        var settings = new JsonObject { ["kind"] = "mock", ["seconds"] = 0 };
        var attempts = new JobAttempts(item, new RetryOptions(), BuiltInCorrectionPolicies.For);
        var input = attempts.Input("campaign-name", "mock", settings);
        // Forces and stress at full double precision, as a real calculation gives them.
        var forces = Enumerable.Range(0, atoms).Select(i => new[] { -1.2345678901234567e-5 * (i + 1), 0.12345678901234567, -0.98765432109876543 }).ToArray();
        var result = new CalculationResult(-0.09867909208461406 * atoms, forces, [-0.0012975333025075245, -0.0012631737334995205, -0.0012810148046310853, -0.0012720629911423438, -0.0012892475984131223, -0.0012802382536342182], null, "mock", new JsonObject { ["seconds"] = 0 }, new CalculationProvenance("autopipe-mock", "1.0.0+0463e32be22cd235cbb1c0ae56a3a3982b08fcc3", "vm", 1.0091384))
        {
            Execution = new AttemptExecution("3134@vm", 1, Start, Start.AddSeconds(1)),
        };
        var outcome = attempts.Completed(result, Start, Start.AddSeconds(1));
        return (item, input, result, outcome);
    }

    private static long Bytes(object value) => Converter.ToPayload(value).Data.Length;

    private static string Text(object value) => Encoding.UTF8.GetString(Converter.ToPayload(value).Data.Span);

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
