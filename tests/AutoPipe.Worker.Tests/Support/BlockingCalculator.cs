using AutoPipe.Core.Calculators;

namespace AutoPipe.Worker.Tests.Support;

/// <summary>Reports progress, then runs until cancelled, and notes that it was (a process tree being killed).</summary>
internal sealed class BlockingCalculator : ICalculator
{
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Started => started.Task;

    public bool Stopped { get; private set; }

    public async Task<CalculationResult> RunAsync(CalculationRequest request, IProgress<CalculationProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new CalculationProgress("SCF iteration 1", 1));
        started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        finally
        {
            Stopped = cancellationToken.IsCancellationRequested;
        }

        throw new InvalidOperationException("unreachable");
    }
}
