using AutoPipe.Worker.Contracts;

namespace AutoPipe.Worker.Projection;

/// <summary>
/// The campaign's jobs, read in small batches from the working directory (the frozen plan and its structures).
/// Implemented by the owner of the working directory; called by the projector's <c>LoadJobBatch</c> activity.
/// Must be deterministic: the same sequence always gives the same job id and structure.
/// </summary>
public interface IJobSource
{
    /// <summary>
    /// Up to <paramref name="maxCount"/> consecutive jobs starting at sequence <paramref name="fromSequence"/>
    /// (1-based), and the campaign's total; an empty list once <paramref name="fromSequence"/> is past the end.
    /// </summary>
    Task<JobBatch> LoadBatchAsync(int fromSequence, int maxCount, CancellationToken cancellationToken);
}
