using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Projector;

/// <summary>
/// The next jobs still to run from a sequence on, the finished ones (completed, or failed for good) left out and
/// counted where they were skipped, so that a runtime resuming a campaign never runs a finished job again.
/// </summary>
/// <param name="Jobs">Unfinished jobs in sequence order.</param>
/// <param name="NextSequence">The sequence after the last one looked at (past the end once all were).</param>
/// <param name="TrailingCompleted">Completed jobs after the last of <paramref name="Jobs"/>, before <paramref name="NextSequence"/>.</param>
/// <param name="TrailingFailed">Failed jobs after the last of <paramref name="Jobs"/>, before <paramref name="NextSequence"/>.</param>
public sealed record UnfinishedBatch(IReadOnlyList<UnfinishedBatch.Job> Jobs, int NextSequence, int TrailingCompleted, int TrailingFailed)
{
    /// <summary>One unfinished job, with the finished ones skipped just before it.</summary>
    /// <param name="Sequence">1-based position in the plan.</param>
    /// <param name="JobId">The job's id.</param>
    /// <param name="Structure">What to compute.</param>
    /// <param name="SkippedCompleted">Completed jobs between the previous job of the batch (or its start) and this one.</param>
    /// <param name="SkippedFailed">Failed jobs between the previous job of the batch (or its start) and this one.</param>
    public sealed record Job(int Sequence, string JobId, Structure Structure, int SkippedCompleted, int SkippedFailed);
}
