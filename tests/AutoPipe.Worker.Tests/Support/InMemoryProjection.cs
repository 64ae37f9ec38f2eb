using System.Collections.Concurrent;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Projection;

namespace AutoPipe.Worker.Tests.Support;

/// <summary>A projection that keeps one outcome per job id (delivery is at least once), for workflow tests.</summary>
internal sealed class InMemoryProjection : ICampaignProjection
{
    public ConcurrentDictionary<string, JobOutcome> Outcomes { get; } = new(StringComparer.Ordinal);

    public Task RecordAsync(IReadOnlyList<JobOutcome> outcomes, CancellationToken cancellationToken)
    {
        foreach (var outcome in outcomes)
        {
            Outcomes[outcome.JobId] = outcome;
        }

        return Task.CompletedTask;
    }
}
