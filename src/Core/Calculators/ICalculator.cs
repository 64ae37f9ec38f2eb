namespace AutoPipe.Core.Calculators;

/// <summary>
/// A calculator plug-in. Implementations are stateless between calls and safe to call concurrently; a failed
/// attempt throws <see cref="CalculationFailedException"/> with its classified <see cref="FailureKind"/>.
/// Cancellation must stop the work (and every child process) before the returned task completes.
/// </summary>
public interface ICalculator
{
    /// <summary>Runs one attempt.</summary>
    Task<CalculationResult> RunAsync(CalculationRequest request, IProgress<CalculationProgress>? progress, CancellationToken cancellationToken);
}
