using AutoPipe.Core.Policy.Learning;
using AutoPipe.Core.Projector;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using AutoPipe.Worker.Contracts;
using Serilog;

namespace AutoPipe.Worker.Projection;

/// <summary>
/// The working directory as the projector serves it: jobs and structures from the frozen plan, and outcomes into
/// results.db, the journal and checkpoint.json through Core's <see cref="OutcomeProjector"/>, so a campaign run on
/// Temporal leaves exactly the files the embedded runtime leaves (one row per job however often delivered).
/// </summary>
public sealed class WorkdirProjection : ICampaignProjection, IJobSource, IDisposable
{
    private readonly OutcomeProjector projector;
    private readonly WorkdirJobs jobs;

    /// <summary>Serves <paramref name="campaign"/>, which this process has opened (and so holds the lock of).</summary>
    public WorkdirProjection(OpenedCampaign campaign, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        projector = new OutcomeProjector(campaign, new RuntimeOptions(), log);
        jobs = new WorkdirJobs(campaign);
    }

    /// <summary>Jobs finished so far, as recorded in the directory.</summary>
    public (int Completed, int Failed) Counts => projector.Counts;

    /// <summary>The counts, and the calculations of <paramref name="inFlight"/> still running, at one moment (see <see cref="OutcomeProjector.Snapshot"/>).</summary>
    public (int Completed, int Failed, IReadOnlyList<InFlightCalculation> InFlight) Snapshot(IReadOnlyList<InFlightCalculation> inFlight) => projector.Snapshot(inFlight);

    /// <inheritdoc/>
    public Task RecordAsync(IReadOnlyList<JobOutcome> outcomes, LearningState? learning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        projector.Record(outcomes.Select(ToProjected).ToList(), learning);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<JobBatch> LoadBatchAsync(int fromSequence, int maxCount, CancellationToken cancellationToken)
    {
        // Finished jobs are skipped: nothing the directory holds as completed or failed runs again, whatever
        // ended or started the workflow (a cancel and resume, a campaign begun on the embedded runtime).
        var batch = jobs.LoadUnfinished(fromSequence, maxCount);
        var items = batch.Jobs
            .Select(j => new JobItem(j.Sequence, j.JobId, JobStructure.From(j.Structure), j.SkippedCompleted, j.SkippedFailed))
            .ToList();
        return Task.FromResult(new JobBatch(items, jobs.Total, batch.NextSequence, batch.TrailingCompleted, batch.TrailingFailed));
    }

    /// <summary>Rewrites checkpoint.json with the given status (at the end of a run).</summary>
    public void WriteCheckpoint(string status) => projector.WriteCheckpoint(status);

    /// <inheritdoc/>
    public void Dispose()
    {
        jobs.Dispose();
        projector.Dispose();
    }

    /// <summary>The outcome as Core records it: the same failures and attempt records as the embedded runtime's.</summary>
    internal static ProjectedOutcome ToProjected(JobOutcome outcome) => new(
        outcome.JobId,
        outcome.Attempts,
        outcome.Status == JobStatus.Completed ? outcome.Result : null,
        outcome.Status == JobStatus.Completed ? null : outcome.Error ?? outcome.FailureKind?.ToString() ?? "failed",
        outcome.Corrections,
        // Outcomes recorded before they carried every failure keep what they had: the last one.
        outcome.Failures ?? (outcome.Error == null ? [] : [outcome.FailureKind is { } kind ? AttemptTexts.Failure(kind, outcome.Error) : $"Failed: {outcome.Error}"]),
        (outcome.AttemptLog ?? []).Select(a => new AttemptRecord(
            outcome.Sequence, a.Attempt, a.Slot, a.StartedAt, a.EndedAt, a.Outcome, a.FailureKind, a.Message, a.Worker)).ToList(),
        outcome.Learned);
}
