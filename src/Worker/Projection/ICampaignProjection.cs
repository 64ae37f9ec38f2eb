using AutoPipe.Core.Policy.Learning;
using AutoPipe.Worker.Contracts;

namespace AutoPipe.Worker.Projection;

/// <summary>
/// Where finished jobs land: implemented by the owner of the working directory (results.db in ASE's format and
/// checkpoint.json). Called by the projector's <c>RecordResults</c> activity with small batches, at least once
/// per outcome: the implementation must be idempotent (one row per job id however often delivered) and durable
/// when it returns (the workflow forgets a batch once this returns).
/// </summary>
public interface ICampaignProjection
{
    /// <summary>Records <paramref name="outcomes"/> (and what the campaign has learned, when given); returns once they are durable.</summary>
    Task RecordAsync(IReadOnlyList<JobOutcome> outcomes, LearningState? learning, CancellationToken cancellationToken);
}
