using AutoPipe.Core.Runtime;
using AutoPipe.Worker.Contracts;

namespace AutoPipe.Worker.Scheduling;

/// <summary>
/// The campaign workflow's decisions, as plain code: which batch to load, which job to start next under the
/// in-flight window, which outcomes to hand to the projection, when to drain for continue-as-new and what state
/// to carry. No Temporal call and no clock, so it is unit-tested directly and is deterministic on replay.
/// Iteration orders are fixed (sequence order), never a hash order.
/// </summary>
public sealed class CampaignSchedule
{
    private readonly Queue<JobItem> ready = new();
    private readonly SortedDictionary<int, ActiveJob> active = [];
    private readonly List<JobOutcome> unrecorded = [];
    private readonly LinkedList<FailedJob> recentFailures;
    private readonly int window;
    private readonly int batchSize;
    private readonly int recordBatchSize;
    private int nextSequence;
    private int? totalJobs;
    private int completed;
    private int failed;
    private int attempts;
    private int heldCompleted;
    private int heldFailed;
    private bool sourceExhausted;

    /// <summary>Creates the schedule of a run that starts from <paramref name="state"/>.</summary>
    /// <param name="state">Where the previous run stopped, or <see cref="CampaignState.Initial"/>.</param>
    /// <param name="window">Most jobs in flight or retrying at once.</param>
    /// <param name="batchSize">Most jobs loaded from the projector at once.</param>
    /// <param name="recordBatchSize">Most outcomes handed to the projection at once.</param>
    public CampaignSchedule(CampaignState state, int window, int batchSize, int recordBatchSize)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(recordBatchSize, 1);
        this.window = window;
        this.batchSize = batchSize;
        this.recordBatchSize = recordBatchSize;
        nextSequence = state.NextSequence;
        totalJobs = state.TotalJobs;
        completed = state.Completed;
        failed = state.Failed;
        attempts = state.Attempts;
        Run = state.Run;
        recentFailures = new LinkedList<FailedJob>(state.RecentFailures.TakeLast(WorkflowProgress.MaxListed));
        sourceExhausted = totalJobs is { } total && nextSequence > total;
    }

    /// <summary>
    /// Grows by one at every change of the schedule, so the workflow waits for "something changed" on one counter
    /// instead of counting its own changes by hand.
    /// </summary>
    public int Version { get; private set; }

    /// <summary>The workflow run this schedule belongs to (1 for the first).</summary>
    public int Run { get; }

    /// <summary>True once a cancellation was asked for: nothing new starts.</summary>
    public bool CancelRequested { get; private set; }

    /// <summary>Why the campaign was cancelled, if it was.</summary>
    public string? CancelReason { get; private set; }

    /// <summary>True while the run drains for continue-as-new: nothing new starts.</summary>
    public bool Draining { get; private set; }

    /// <summary>Jobs in flight or waiting for a retry.</summary>
    public int ActiveCount => active.Count;

    /// <summary>Outcomes not yet handed to the projection.</summary>
    public int UnrecordedCount => unrecorded.Count;

    /// <summary>True when no new job may start (cancelled or draining).</summary>
    public bool Stopping => CancelRequested || Draining;

    /// <summary>True when this run loads no more jobs: every job is loaded, or nothing new may start.</summary>
    public bool LoadingDone => sourceExhausted || Stopping;

    /// <summary>True when every job has been started (none left to load or start).</summary>
    public bool AllStarted => sourceExhausted && ready.Count == 0;

    /// <summary>
    /// True when this run has nothing left to do but return: every job finished (or, after a cancellation, every
    /// running job stopped) and every outcome handed to the projection.
    /// </summary>
    public bool Finished => active.Count == 0 && unrecorded.Count == 0 && (AllStarted || CancelRequested);

    /// <summary>True when the run may continue as new now: draining, nothing active, nothing unrecorded.</summary>
    public bool Drained => Draining && active.Count == 0 && unrecorded.Count == 0;

    /// <summary>
    /// The next batch to load, or null: while not stopping and not past the end, when fewer jobs are waiting than
    /// a batch and the window has room beyond those waiting. Keeps at most about one batch of structures in memory.
    /// </summary>
    public (int FromSequence, int MaxCount)? NextBatchToLoad()
    {
        if (Stopping || sourceExhausted || ready.Count >= batchSize || active.Count + ready.Count >= window)
        {
            return null;
        }

        var count = batchSize;
        if (totalJobs is { } total)
        {
            count = Math.Min(count, total - nextSequence + 1);
        }

        return count <= 0 ? null : (nextSequence, count);
    }

    /// <summary>
    /// Takes a loaded batch. Throws <see cref="ArgumentException"/> when the batch is not what was asked for: jobs in
    /// increasing sequence order from <paramref name="fromSequence"/> on (consecutive, in batches recorded before the
    /// source skipped finished jobs), a projector fault the workflow must not paper over.
    /// </summary>
    /// <remarks>
    /// Jobs the source skipped as already finished count as completed or failed once every job before them has
    /// started, so that a run continuing as new with loaded jobs unstarted (they load again) never counts them twice.
    /// </remarks>
    public void AcceptBatch(int fromSequence, JobBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (fromSequence != nextSequence)
        {
            throw new ArgumentException($"batch starts at sequence {fromSequence}, expected {nextSequence}", nameof(fromSequence));
        }

        if (batch.TotalJobs < 0 || (totalJobs is { } known && known != batch.TotalJobs))
        {
            throw new ArgumentException($"the job source reports {batch.TotalJobs} jobs, earlier {totalJobs}", nameof(batch));
        }

        var next = batch.NextSequence ?? fromSequence + batch.Jobs.Count;
        var expected = fromSequence;
        foreach (var job in batch.Jobs)
        {
            var fits = batch.NextSequence == null ? job.Sequence == expected : job.Sequence >= expected && job.Sequence < next;
            if (!fits)
            {
                throw new ArgumentException($"job {job.JobId} has sequence {job.Sequence}, expected {(batch.NextSequence == null ? expected.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{expected}-{next - 1}")}", nameof(batch));
            }

            expected = job.Sequence + 1;
        }

        if (next < expected || (batch.NextSequence != null && next > batch.TotalJobs + 1))
        {
            throw new ArgumentException($"the batch's next sequence {next} is outside {expected}-{batch.TotalJobs + 1}", nameof(batch));
        }

        totalJobs = batch.TotalJobs;
        var first = true;
        foreach (var job in batch.Jobs)
        {
            // Finished jobs skipped after the previous batch's last job lie before this batch's first.
            ready.Enqueue(first && (heldCompleted > 0 || heldFailed > 0)
                ? job with { SkippedCompleted = job.SkippedCompleted + heldCompleted, SkippedFailed = job.SkippedFailed + heldFailed }
                : job);
            if (first)
            {
                (heldCompleted, heldFailed) = (0, 0);
                first = false;
            }
        }

        heldCompleted += batch.SkippedCompleted;
        heldFailed += batch.SkippedFailed;
        nextSequence = next;
        sourceExhausted = batch.NextSequence == null ? batch.Jobs.Count == 0 || nextSequence > batch.TotalJobs : nextSequence > batch.TotalJobs;
        CountHeldSkipsOnceEverythingBeforeStarted();
        Version++;
    }

    /// <summary>Starts the next waiting job if the window has room and nothing stops it; counts its first attempt.</summary>
    public bool TryStartNext(out JobItem job)
    {
        if (Stopping || active.Count >= window || ready.Count == 0)
        {
            job = null!;
            return false;
        }

        job = ready.Dequeue();
        active[job.Sequence] = new ActiveJob(job.JobId, 1, false);
        attempts++;
        completed += job.SkippedCompleted;
        failed += job.SkippedFailed;
        CountHeldSkipsOnceEverythingBeforeStarted();
        Version++;
        return true;
    }

    private void CountHeldSkipsOnceEverythingBeforeStarted()
    {
        if (ready.Count == 0)
        {
            completed += heldCompleted;
            failed += heldFailed;
            (heldCompleted, heldFailed) = (0, 0);
        }
    }

    /// <summary>Notes that <paramref name="job"/> waits for attempt <paramref name="nextAttempt"/>.</summary>
    public void RetryScheduled(JobItem job, int nextAttempt)
    {
        ArgumentNullException.ThrowIfNull(job);
        active[job.Sequence] = new ActiveJob(job.JobId, nextAttempt, true);
        Version++;
    }

    /// <summary>Notes that attempt <paramref name="attempt"/> of <paramref name="job"/> starts.</summary>
    public void AttemptStarted(JobItem job, int attempt)
    {
        ArgumentNullException.ThrowIfNull(job);
        active[job.Sequence] = new ActiveJob(job.JobId, attempt, false);
        attempts++;
        Version++;
    }

    /// <summary>Notes a finished job and queues its outcome for the projection.</summary>
    public void Finish(JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        active.Remove(outcome.Sequence);
        unrecorded.Add(outcome);
        Version++;
        if (outcome.Status == JobStatus.Completed)
        {
            completed++;
            return;
        }

        failed++;
        recentFailures.AddLast(new FailedJob(outcome.JobId, outcome.Error ?? ""));
        while (recentFailures.Count > WorkflowProgress.MaxListed)
        {
            recentFailures.RemoveFirst();
        }
    }

    /// <summary>
    /// Notes a job stopped by cancellation before it finished: it stays pending (a later run of the same campaign
    /// starts it again).
    /// </summary>
    public void Abandon(JobItem job)
    {
        ArgumentNullException.ThrowIfNull(job);
        active.Remove(job.Sequence);
        Version++;
    }

    /// <summary>Stops starting jobs; running ones are cancelled by the workflow.</summary>
    public void RequestCancel(string reason)
    {
        if (!CancelRequested)
        {
            CancelRequested = true;
            CancelReason = reason;
        }

        Version++;
    }

    /// <summary>
    /// True when the run should stop starting jobs and continue as new: the server suggests it, or the history
    /// passed either threshold. Never once finished or cancelled (the run ends anyway).
    /// </summary>
    public bool ShouldContinueAsNew(bool suggested, int historyLength, long historySize, int maxEvents, long maxBytes) =>
        !Draining && !CancelRequested && !(AllStarted && active.Count == 0)
        && (suggested || historyLength >= maxEvents || historySize >= maxBytes);

    /// <summary>Stops starting jobs so that the run can drain and continue as new.</summary>
    public void BeginDrain()
    {
        Draining = true;
        Version++;
    }

    /// <summary>
    /// The next outcomes to hand to the projection, or null: a full batch, or any left when <paramref name="flush"/>
    /// (the flush timer fired, nothing is running, or the run is ending).
    /// </summary>
    public IReadOnlyList<JobOutcome>? TakeRecordBatch(bool flush)
    {
        if (unrecorded.Count == 0 || (unrecorded.Count < recordBatchSize && !flush))
        {
            return null;
        }

        var count = Math.Min(recordBatchSize, unrecorded.Count);
        var batch = unrecorded.GetRange(0, count);
        unrecorded.RemoveRange(0, count);
        Version++;
        return batch;
    }

    /// <summary>
    /// Group commit: everything finished and not yet handed to the projection, oldest first, as long as the batch stays
    /// within <paramref name="maxBytes"/> by <see cref="OutcomeSize.Estimate"/> (always at least one outcome); null when
    /// nothing waits. The workflow calls it whenever no hand-over is in flight, so a lone outcome goes at once and
    /// batches grow by themselves while the projector is busy.
    /// </summary>
    public IReadOnlyList<JobOutcome>? TakeOutcomesToRecord(long maxBytes)
    {
        if (unrecorded.Count == 0)
        {
            return null;
        }

        var count = 0;
        var bytes = 0L;
        while (count < unrecorded.Count)
        {
            var size = OutcomeSize.Estimate(unrecorded[count]);
            if (count > 0 && bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            count++;
        }

        var batch = unrecorded.GetRange(0, count);
        unrecorded.RemoveRange(0, count);
        Version++;
        return batch;
    }

    /// <summary>Puts back a batch the projection did not take, ahead of newer outcomes.</summary>
    public void ReturnRecordBatch(IReadOnlyList<JobOutcome> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        unrecorded.InsertRange(0, batch);
        Version++;
    }

    /// <summary>
    /// The state the next run starts from. Jobs loaded but not started go back to pending: the next run loads
    /// them again from the projector, so no structure rides along.
    /// </summary>
    public CampaignState ContinueAsNewState()
    {
        if (active.Count > 0 || unrecorded.Count > 0)
        {
            throw new InvalidOperationException($"cannot continue as new with {active.Count} active jobs and {unrecorded.Count} unrecorded outcomes");
        }

        var cursor = ready.Count > 0 ? ready.Peek().Sequence : nextSequence;
        return new CampaignState(cursor, totalJobs, completed, failed, attempts, Run + 1, recentFailures.ToList());
    }

    /// <summary>The answer of the progress query.</summary>
    public WorkflowProgress Progress(string campaign) => new(
        campaign,
        totalJobs,
        totalJobs is { } total ? total - completed - failed : null,
        active.Values.Count(j => !j.WaitingForRetry),
        active.Values.Count(j => j.WaitingForRetry),
        completed,
        failed,
        attempts,
        Run,
        CancelRequested,
        Draining,
        unrecorded.Count,
        active.Values.Take(WorkflowProgress.MaxListed).ToList(),
        recentFailures.ToList());
}
