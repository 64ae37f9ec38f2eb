using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Input;
using AutoPipe.Core.Policy.Learning;
using AutoPipe.Worker.Calculators;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Logging;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;

namespace AutoPipe.Worker.Activities;

/// <summary>
/// The compute workers' activity: one attempt of one job, with the campaign's calculator settings run under the
/// worker's allow-list entry. Heartbeats on its own timer (and with the calculator's progress), stops the calculator
/// (and its processes) on cancellation or worker shutdown, and turns every failure of the calculation itself into a
/// non-retryable application failure whose error type is the <see cref="FailureKind"/> name (an unexpected exception
/// is <see cref="FailureKind.Crashed"/>, as on the embedded runtime), so that the workflow decides the retry with the
/// shared policy. Only a lost or stopping worker is left to the activity retry policy.
/// <para>
/// Every failure the campaign expects (a classified one, a refusal, a stopping worker) is one line in the worker's
/// log, written here with its job, attempt, kind and message, and thrown as a benign application failure
/// (<see cref="ApplicationErrorCategory.Benign"/>): Temporal's activity worker then logs its own "Completing activity
/// as failed" line, stack trace included, at debug level instead of as a warning, and leaves it out of its failure
/// metrics. Only an unexpected exception (<see cref="FailureKind.Crashed"/>) keeps that warning and its stack trace.
/// </para>
/// </summary>
public sealed class CalculationActivities
{
    private readonly CalculatorAllowList allowList;
    private readonly CalculationActivityOptions options;
    private readonly CalculationSlots slots;
    private readonly TimeProvider time;

    /// <summary>Creates the activities.</summary>
    public CalculationActivities(CalculatorAllowList allowList, CalculationActivityOptions options, CalculationSlots slots, TimeProvider time)
    {
        this.allowList = allowList;
        this.options = options;
        this.slots = slots;
        this.time = time;
    }

    /// <summary>Runs one attempt; returns its result or throws an application failure (see the class summary).</summary>
    [Activity("RunCalculation")]
    public async Task<CalculationResult> RunCalculationAsync(CalculationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = ActivityExecutionContext.Current;
        var logger = context.Logger;
        if (!allowList.TryGet(input.Calculator, out var allowed))
        {
            var refusal =
                $"calculator '{input.Calculator}' is not in the allow-list of worker {options.WorkerName} (allowed: {string.Join(", ", allowList.Names)}); " +
                $"to allow pw.x, start the worker with --calculators FILE holding {{\"calculators\": {{\"{input.Calculator}\": {{\"kind\": \"espresso\", \"command\": \"pw.x\", \"pseudoDir\": \"/path/to/pseudopotentials\"}}}}}}";
            logger.Refused(input.JobId, input.Attempt, refusal);
            throw new ApplicationFailureException(refusal, ErrorTypes.UnknownCalculator, nonRetryable: true, category: ApplicationErrorCategory.Benign);
        }

        var slot = slots.Take();
        var started = time.GetUtcNow();
        try
        {
            ResolvedCalculator calculator;
            try
            {
                calculator = allowed.Resolve(input.Settings, options.WorkerName);
            }
            catch (InputException e)
            {
                var message = string.Join("; ", e.Problems);
                logger.Refused(input.JobId, input.Attempt, message);
                throw Classified(FailureKind.InputError, message, null, expected: true, allowed.Kind, input.Parameters, null, slot, started);
            }

            return await RunAsync(input, calculator, allowed.Kind, slot, started, context).ConfigureAwait(false);
        }
        finally
        {
            slots.Return(slot);
        }
    }

    /// <summary>
    /// The previous attempt's folder when it is on this worker (the same worker took the retry, or the scratch is
    /// shared): pw.x restarts from its charge density or continues from its saved state. Elsewhere the calculator
    /// starts afresh, and says so when that cannot work.
    /// </summary>
    private string? PreviousAttemptDirectory(CalculationInput input)
    {
        var previous = Path.Combine(options.ScratchDirectory, input.Campaign, input.JobId, $"attempt-{input.Attempt - 1}");
        return input.Attempt > 1 && Directory.Exists(previous) ? previous : null;
    }

    private async Task<CalculationResult> RunAsync(CalculationInput input, ResolvedCalculator calculator, string kind, int slot, DateTimeOffset started, ActivityExecutionContext context)
    {
        var logger = context.Logger;
        // A first attempt runs with the campaign's parameters and what the campaign learned; a later one with the
        // corrected set the workflow decided (which already holds both).
        var parameters = input.Parameters.Count > 0 ? input.Parameters
            : input.Learned is { Count: > 0 } learned ? LearningSettings.Apply(calculator.BaseParameters, learned)
            : calculator.BaseParameters;
        var directory = Path.Combine(options.ScratchDirectory, input.Campaign, input.JobId, $"attempt-{input.Attempt}");
        Directory.CreateDirectory(directory);
        using var calculation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, context.WorkerShutdownToken);
        using var heartbeatStop = new CancellationTokenSource();
        var progress = new HeartbeatProgress(context, slot);
        // Beat well within the workflow's heartbeat timeout, whatever it is, so a live worker is never taken for lost.
        var interval = context.Info.HeartbeatTimeout is { } timeout && timeout > TimeSpan.Zero && timeout / 3 < options.HeartbeatInterval
            ? timeout / 3
            : options.HeartbeatInterval;
        var heartbeats = HeartbeatPeriodicallyAsync(progress, interval, heartbeatStop.Token);
        logger.AttemptStarts(input.Attempt > 1 || context.Info.Attempt > 1 ? LogLevel.Information : LogLevel.Debug, input.JobId, input.Attempt, input.Calculator, slot, context.Info.Attempt);
        try
        {
            var request = new CalculationRequest(input.JobId, input.Attempt, input.Structure.ToStructure(), parameters, directory, PreviousAttemptDirectory(input));
            var result = await calculator.Calculator.RunAsync(request, progress, calculation.Token).ConfigureAwait(false);
            logger.AttemptCompleted(input.JobId, input.Attempt, result.Energy);
            if (options.DeleteScratchOnSuccess)
            {
                TryDelete(directory, logger);
            }

            return result with { Execution = new AttemptExecution(options.WorkerName, slot, started, time.GetUtcNow()) };
        }
        catch (Exception) when (context.CancellationToken.IsCancellationRequested)
        {
            // Cancelled by the workflow (or the heartbeat timed out): the calculator has stopped; report a cancellation.
            logger.AttemptCancelled(input.JobId, input.Attempt);
            throw new OperationCanceledException(context.CancellationToken);
        }
        catch (Exception e) when (context.WorkerShutdownToken.IsCancellationRequested)
        {
            logger.AttemptStoppedByShutdown(input.JobId, input.Attempt);
            throw new ApplicationFailureException(
                "the worker shut down during the calculation; another worker retries it",
                e,
                ErrorTypes.WorkerShutdown,
                nonRetryable: false,
                category: ApplicationErrorCategory.Benign);
        }
        catch (CalculationFailedException e)
        {
            logger.AttemptFailed(input.JobId, input.Attempt, e.Kind, e.Message);
            throw Classified(e.Kind, e.Message, e, expected: true, kind, parameters, calculator.TimeoutSeconds, slot, started);
        }
        catch (Exception e)
        {
            // A calculator's unexpected exception is one crashed attempt, decided by the shared policy. Its stack trace
            // is worth a look: Temporal's "Completing activity as failed" warning, right after this line, carries it.
            logger.AttemptCrashed(input.JobId, input.Attempt, $"{e.GetType().Name}: {e.Message}");
            throw Classified(FailureKind.Crashed, $"{e.GetType().Name}: {e.Message}", e, expected: false, kind, parameters, calculator.TimeoutSeconds, slot, started);
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeats.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The failure the workflow decides on; benign when <paramref name="expected"/> (classified by the calculator, or
    /// a refusal), whose stack trace would tell nothing its one log line does not.
    /// </summary>
    private ApplicationFailureException Classified(
        FailureKind failure, string message, Exception? inner, bool expected, string calculatorKind, IReadOnlyDictionary<string, JsonNode> parameters, double? timeoutSeconds, int slot, DateTimeOffset started) =>
        new(
            message,
            inner,
            failure.ToString(),
            nonRetryable: true,
            details: [new CalculationFailureDetails(failure, calculatorKind, parameters, timeoutSeconds, new AttemptExecution(options.WorkerName, slot, started, time.GetUtcNow()))],
            category: expected ? ApplicationErrorCategory.Benign : ApplicationErrorCategory.Unspecified);

    private static void TryDelete(string directory, ILogger logger)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.ScratchNotDeleted(directory, e.Message);
        }
    }

    private async Task HeartbeatPeriodicallyAsync(HeartbeatProgress progress, TimeSpan interval, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(interval, time, stop).ConfigureAwait(false);
                progress.HeartbeatLatest();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The attempt ended.
        }
    }
}
