using System.Collections.Concurrent;
using AutoPipe.Core.Policy.Learning;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Projection;

namespace AutoPipe.Worker.Tests.Support;

/// <summary>A projection that keeps one outcome per job id (delivery is at least once), for workflow tests.</summary>
internal sealed class InMemoryProjection : ICampaignProjection
{
    public ConcurrentDictionary<string, JobOutcome> Outcomes { get; } = new(StringComparer.Ordinal);

    /// <summary>When each job's outcome first arrived.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> ReceivedAt { get; } = new(StringComparer.Ordinal);

    /// <summary>The size of every hand-over, in order.</summary>
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>What the workflow said it had learned, at the latest hand-over.</summary>
    public LearningState? Learning { get; private set; }

    public Task RecordAsync(IReadOnlyList<JobOutcome> outcomes, LearningState? learning, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        BatchSizes.Enqueue(outcomes.Count);
        Learning = learning ?? Learning;
        foreach (var outcome in outcomes)
        {
            Outcomes[outcome.JobId] = outcome;
            ReceivedAt.TryAdd(outcome.JobId, now);
        }

        return Task.CompletedTask;
    }
}
