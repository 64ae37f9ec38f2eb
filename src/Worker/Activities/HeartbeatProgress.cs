using AutoPipe.Core.Calculators;
using Temporalio.Activities;

namespace AutoPipe.Worker.Activities;

/// <summary>
/// Forwards a calculator's progress to Temporal as heartbeat details (shown by <c>temporal workflow describe</c>)
/// and keeps the latest, so that periodic heartbeats repeat it between reports. The details are the progress (with
/// pw.x's SCF accuracy per iteration, at most <see cref="CalculationProgress.MaxScfAccuracies"/> numbers), then the
/// worker slot running the attempt, so that a dashboard draws it in its lane while it runs.
/// </summary>
internal sealed class HeartbeatProgress : IProgress<CalculationProgress>
{
    private readonly ActivityExecutionContext context;
    private readonly int slot;
    private CalculationProgress latest = new("started");

    public HeartbeatProgress(ActivityExecutionContext context, int slot)
    {
        this.context = context;
        this.slot = slot;
    }

    public void Report(CalculationProgress value)
    {
        Volatile.Write(ref latest, value);
        context.Heartbeat(value, slot);
    }

    public void HeartbeatLatest() => context.Heartbeat(Volatile.Read(ref latest), slot);
}
