using AutoPipe.Core.Calculators;
using Temporalio.Activities;

namespace AutoPipe.Worker.Activities;

/// <summary>
/// Forwards a calculator's progress to Temporal as heartbeat details (shown by <c>temporal workflow describe</c>)
/// and keeps the latest, so that periodic heartbeats repeat it between reports.
/// </summary>
internal sealed class HeartbeatProgress : IProgress<CalculationProgress>
{
    private readonly ActivityExecutionContext context;
    private CalculationProgress latest = new("started");

    public HeartbeatProgress(ActivityExecutionContext context)
    {
        this.context = context;
    }

    public void Report(CalculationProgress value)
    {
        Volatile.Write(ref latest, value);
        context.Heartbeat(value);
    }

    public void HeartbeatLatest() => context.Heartbeat(Volatile.Read(ref latest));
}
