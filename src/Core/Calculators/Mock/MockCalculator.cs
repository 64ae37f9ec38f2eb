using System.Text.Json.Nodes;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Calculators.Mock;

/// <summary>
/// Sleeps the configured time, then returns <see cref="MockPotential"/>'s energy, forces and stress; fails the
/// first K attempts of the jobs the spec names, with a transient failure.
/// </summary>
public sealed class MockCalculator : ICalculator
{
    /// <summary>The code a mock result's provenance names.</summary>
    public const string Code = "autopipe-mock";

    private readonly MockCalculatorSpec spec;
    private readonly TimeProvider time;

    /// <summary>Creates the calculator; <paramref name="time"/> drives the sleep (tests pass a fake clock).</summary>
    public MockCalculator(MockCalculatorSpec spec, TimeProvider? time = null)
    {
        this.spec = spec;
        this.time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async Task<CalculationResult> RunAsync(CalculationRequest request, IProgress<CalculationProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        if (spec.Seconds > 0)
        {
            progress?.Report(new CalculationProgress($"sleeping {spec.Seconds:0.###} s"));
            await Task.Delay(TimeSpan.FromSeconds(spec.Seconds), time, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (spec.FailFirstAttempts.TryGetValue(request.JobId, out var failures) && request.Attempt <= failures)
        {
            throw new CalculationFailedException(
                FailureKind.Transient,
                $"mock failure: {request.JobId} is set to fail its first {failures} attempt(s)");
        }

        var (energy, forces, stress) = MockPotential.Evaluate(request.Structure);
        var provenance = new CalculationProvenance(Code, AutoPipeVersion.Current, LocalHost.Name, time.GetElapsedTime(started).TotalSeconds);
        return new CalculationResult(energy, forces, stress, null, MockCalculatorSpec.KindName, new JsonObject { ["seconds"] = spec.Seconds }, provenance);
    }
}
