using AutoPipe.Core.Calculators;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Scheduling;
using AutoPipe.Worker.Tests.Support;
using AutoPipe.Worker.Workflows;
using Temporalio.Converters;
using Xunit.Abstractions;

namespace AutoPipe.Worker.Tests.Scheduling;

public class HistoryBudgetTests(ITestOutputHelper output)
{
    [Fact]
    public void Estimate_100000JobsOf100Atoms_FitsTemporalLimitsWithDefaults()
    {
        var defaults = new CampaignWorkflow.Input("big", "qe");
        // Group commit: at low load every outcome is a hand-over of its own, the most events per job.
        var budget = HistoryBudget.Estimate(
            jobs: 100_000, atoms: 100, defaults.Window, defaults.BatchSize, recordBatchSize: 1,
            defaults.ContinueAsNewAfterEvents, defaults.ContinueAsNewAfterBytes, attemptsPerJob: 1.3);

        output.WriteLine($"structure {budget.StructureBytes:N0} B, RunCalculation input {budget.CalculationInputBytes:N0} B, result {budget.ResultBytes:N0} B, outcome {budget.OutcomeBytes:N0} B");
        output.WriteLine($"per job: {budget.BytesPerJob:N0} B and {budget.EventsPerJob:F1} events of history");
        output.WriteLine($"largest payload {budget.LargestPayloadBytes:N0} B (limit {TemporalLimits.PayloadBytes:N0}, SDK warns at {TemporalLimits.PayloadWarningBytes:N0})");
        output.WriteLine($"largest transaction {budget.LargestTransactionBytes:N0} B (limit {TemporalLimits.TransactionBytes:N0})");
        output.WriteLine($"pending activities at most {budget.MaxPendingActivities} (limit {TemporalLimits.PendingActivities})");
        output.WriteLine($"one run: at most {budget.RunHistoryBytes:N0} B (limit {TemporalLimits.HistoryBytes:N0}) and {budget.RunHistoryEvents:N0} events (limit {TemporalLimits.HistoryEvents:N0})");
        output.WriteLine($"{budget.JobsPerRun:N0} jobs per run, {budget.Runs:N0} runs for 100,000 jobs");

        // A 100-atom structure is some 8 KB; a batch of 25 some 200 KB, far below 2 MB and the 512 KiB warning.
        Assert.InRange(budget.StructureBytes, 7_000, 10_000);
        Assert.True(budget.LargestPayloadBytes < TemporalLimits.PayloadWarningBytes);
        Assert.True(budget.LargestTransactionBytes < TemporalLimits.TransactionBytes);
        Assert.True(budget.MaxPendingActivities <= TemporalLimits.PendingActivities);
        Assert.True(budget.RunHistoryBytes < TemporalLimits.HistoryBytes);
        Assert.True(budget.RunHistoryEvents < TemporalLimits.HistoryEvents);
        Assert.True(budget.FitsTemporalLimits);
        // Under load a hand-over takes what finished, up to its byte bound: below the warning, beside a window's inputs.
        Assert.True(CampaignWorkflow.MaxRecordBytes < TemporalLimits.PayloadWarningBytes);
        Assert.True(CampaignWorkflow.MaxRecordBytes + (defaults.Window * budget.CalculationInputBytes) < TemporalLimits.TransactionBytes);
        // Without continue-as-new the campaign would need some 4 GB of history in one run.
        Assert.True(100_000L * budget.BytesPerJob > 50 * TemporalLimits.HistoryBytes);
        Assert.InRange(budget.JobsPerRun, 300, 2_000);
        Assert.InRange(budget.Runs, 50, 400);
    }

    [Fact]
    public void Estimate_LargestAllowedBatchesAndWindow_StillFitTemporalLimits()
    {
        var budget = HistoryBudget.Estimate(100_000, 100, CampaignInputValidator.MaxWindow, CampaignInputValidator.MaxBatchSize, CampaignInputValidator.MaxBatchSize, TemporalLimits.HistoryEvents / 2, CampaignInputValidator.MaxContinueAsNewAfterBytes);
        output.WriteLine($"payload {budget.LargestPayloadBytes:N0} B, transaction {budget.LargestTransactionBytes:N0} B, run {budget.RunHistoryBytes:N0} B / {budget.RunHistoryEvents:N0} events");

        Assert.True(budget.LargestPayloadBytes < TemporalLimits.PayloadWarningBytes);
        Assert.True(budget.LargestTransactionBytes < TemporalLimits.TransactionBytes);
        Assert.True(budget.MaxPendingActivities <= TemporalLimits.PendingActivities);
        Assert.True(budget.RunHistoryBytes < TemporalLimits.HistoryBytes);
        Assert.True(budget.RunHistoryEvents < TemporalLimits.HistoryEvents);
    }

    [Fact]
    public void Estimate_UpperBoundsTheRealPayloadsOfA100AtomJob()
    {
        var structure = JobStructure.From(TestJobs.Large(100));
        var converter = DataConverter.Default.PayloadConverter;
        var input = new CalculationInput("big", "qe", 1, "job-000001", 1, ScfFlakyCalculator.BaseParameters, structure);
        var forces = Enumerable.Range(0, 100).Select(i => new[] { -1.2345678901234567e-5 * i, 0.12345678901234567, -0.98765432109876543 }).ToArray();
        var result = new CalculationResult(-1234.5678901234567, forces, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6], null, "espresso", new System.Text.Json.Nodes.JsonObject { ["ecutwfc"] = 30 });
        var outcome = new JobOutcome(1, "job-000001", JobStatus.Completed, 2, result, null, null, ["attempt 2: mixing_beta 0.7 -> 0.3"]);
        var budget = HistoryBudget.Estimate(100_000, 100, 100, 25, 25, 20_000, 20L * 1024 * 1024);

        var sizes = (
            Structure: converter.ToPayload(structure).Data.Length,
            Input: converter.ToPayload(input).Data.Length,
            Result: converter.ToPayload(result).Data.Length,
            Outcome: converter.ToPayload(outcome).Data.Length,
            Batch: converter.ToPayload(new JobBatch(Enumerable.Range(1, 25).Select(i => new JobItem(i, $"job-{i:D6}", structure)).ToList(), 100_000)).Data.Length);
        output.WriteLine($"measured: structure {sizes.Structure:N0} B, input {sizes.Input:N0} B, result {sizes.Result:N0} B, outcome {sizes.Outcome:N0} B, batch of 25 {sizes.Batch:N0} B");

        Assert.True(sizes.Structure <= budget.StructureBytes);
        Assert.True(sizes.Input <= budget.CalculationInputBytes);
        Assert.True(sizes.Result <= budget.ResultBytes);
        Assert.True(sizes.Outcome <= budget.OutcomeBytes);
        Assert.True(sizes.Batch <= 25 * budget.StructureBytes);
    }
}
