using AutoPipe.Core.Calculators;
using AutoPipe.Worker.Calculators;
using AutoPipe.Worker.Contracts;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace AutoPipe.Worker.Activities;

/// <summary>
/// The compute workers' activity: one attempt of one job with a calculator of the worker's allow-list. Heartbeats
/// the calculator's progress, stops the calculator (and its processes) on cancellation or worker shutdown, and
/// turns classified failures into non-retryable application failures whose error type is the
/// <see cref="FailureKind"/> name, so that the workflow decides the retry with the correction policy.
/// </summary>
public sealed class CalculationActivities
{
    private readonly CalculatorRegistry registry;
    private readonly CalculationActivityOptions options;
    private readonly TimeProvider time;

    /// <summary>Creates the activities.</summary>
    public CalculationActivities(CalculatorRegistry registry, CalculationActivityOptions options, TimeProvider time)
    {
        this.registry = registry;
        this.options = options;
        this.time = time;
    }

    /// <summary>Runs one attempt; returns its result or throws an application failure (see the class summary).</summary>
    [Activity("RunCalculation")]
    public async Task<CalculationResult> RunCalculationAsync(CalculationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = ActivityExecutionContext.Current;
        var logger = context.Logger;
        if (!registry.TryGet(input.Calculator, out var calculator))
        {
            throw new ApplicationFailureException(
                $"calculator '{input.Calculator}' is not in this worker's allow-list (allowed: {string.Join(", ", registry.Names)})",
                ErrorTypes.UnknownCalculator,
                nonRetryable: true);
        }

        var parameters = input.Parameters.Count > 0 ? input.Parameters : calculator.BaseParameters;
        var directory = Path.Combine(options.ScratchDirectory, input.Campaign, input.JobId, $"attempt-{input.Attempt}");
        Directory.CreateDirectory(directory);
        using var calculation = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, context.WorkerShutdownToken);
        using var heartbeatStop = new CancellationTokenSource();
        var progress = new HeartbeatProgress(context);
        // Beat well within the workflow's heartbeat timeout, whatever it is, so a live worker is never taken for lost.
        var interval = context.Info.HeartbeatTimeout is { } timeout && timeout > TimeSpan.Zero && timeout / 3 < options.HeartbeatInterval
            ? timeout / 3
            : options.HeartbeatInterval;
        var heartbeats = HeartbeatPeriodicallyAsync(progress, interval, heartbeatStop.Token);
        logger.LogInformation(
            "Calculation {JobId} attempt {Attempt} starts with {Calculator} (try {Try} on this attempt)",
            input.JobId, input.Attempt, input.Calculator, context.Info.Attempt);
        try
        {
            var request = new CalculationRequest(input.JobId, input.Attempt, input.Structure.ToStructure(), parameters, directory, null);
            var result = await calculator.Calculator.RunAsync(request, progress, calculation.Token).ConfigureAwait(false);
            logger.LogInformation("Calculation {JobId} attempt {Attempt} completed: E = {Energy} eV", input.JobId, input.Attempt, result.Energy);
            if (options.DeleteScratchOnSuccess)
            {
                TryDelete(directory, logger);
            }

            return result;
        }
        catch (Exception) when (context.CancellationToken.IsCancellationRequested)
        {
            // Cancelled by the workflow (or the heartbeat timed out): the calculator has stopped; report a cancellation.
            logger.LogWarning("Calculation {JobId} attempt {Attempt} cancelled", input.JobId, input.Attempt);
            throw new OperationCanceledException(context.CancellationToken);
        }
        catch (Exception e) when (context.WorkerShutdownToken.IsCancellationRequested)
        {
            logger.LogWarning("Calculation {JobId} attempt {Attempt} stopped: the worker is shutting down", input.JobId, input.Attempt);
            throw new ApplicationFailureException(
                "the worker shut down during the calculation; another worker retries it",
                e,
                ErrorTypes.WorkerShutdown,
                nonRetryable: false);
        }
        catch (CalculationFailedException e)
        {
            logger.LogWarning("Calculation {JobId} attempt {Attempt} failed with {FailureKind}: {Message}", input.JobId, input.Attempt, e.Kind, e.Message);
            throw new ApplicationFailureException(
                e.Message,
                e,
                e.Kind.ToString(),
                nonRetryable: true,
                details: [new CalculationFailureDetails(e.Kind, calculator.Kind, parameters, calculator.TimeoutSeconds)]);
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeats.ConfigureAwait(false);
        }
    }

    private static void TryDelete(string directory, ILogger logger)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not delete scratch folder {Directory}: {Error}", directory, e.Message);
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
