using System.Collections.Concurrent;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Projection;

namespace AutoPipe.Worker.Tests.Support;

/// <summary>A projection that keeps one outcome per job id and counts deliveries (delivery is at least once).</summary>
internal sealed class InMemoryProjection : ICampaignProjection
{
    private int deliveries;

    public ConcurrentDictionary<string, JobOutcome> Outcomes { get; } = new(StringComparer.Ordinal);

    public int Deliveries => Volatile.Read(ref deliveries);

    public Task RecordAsync(IReadOnlyList<JobOutcome> outcomes, CancellationToken cancellationToken)
    {
        foreach (var outcome in outcomes)
        {
            Interlocked.Increment(ref deliveries);
            Outcomes[outcome.JobId] = outcome;
        }

        return Task.CompletedTask;
    }
}
