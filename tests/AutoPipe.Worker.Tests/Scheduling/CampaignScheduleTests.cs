using AutoPipe.Core.Runtime;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Scheduling;
using AutoPipe.Worker.Tests.Support;
using AutoPipe.Worker.Workflows;

namespace AutoPipe.Worker.Tests.Scheduling;

public class CampaignScheduleTests
{
    private static JobOutcome Done(JobItem job) => new(job.Sequence, job.JobId, JobStatus.Completed, 1, null, null, null, []);

    private static List<JobItem> StartAll(CampaignSchedule schedule)
    {
        var started = new List<JobItem>();
        while (schedule.TryStartNext(out var job))
        {
            started.Add(job);
        }

        return started;
    }

    [Fact]
    public void NextBatchToLoad_FreshCampaign_AsksForTheFirstBatch()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 4, batchSize: 3, recordBatchSize: 2);

        Assert.Equal((1, 3), schedule.NextBatchToLoad());
    }

    [Fact]
    public void TryStartNext_WindowFull_StartsNoMoreUntilOneFinishes()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 2, batchSize: 5, recordBatchSize: 10);
        schedule.AcceptBatch(1, TestJobs.Batch(1, 5, 10));

        var started = StartAll(schedule);
        Assert.Equal(["job-0001", "job-0002"], started.Select(j => j.JobId));
        Assert.Null(schedule.NextBatchToLoad());

        schedule.Finish(Done(started[0]));
        Assert.True(schedule.TryStartNext(out var third));
        Assert.Equal("job-0003", third.JobId);
        Assert.Equal(3, schedule.Progress("c").Attempts);
    }

    [Fact]
    public void AcceptBatch_LastBatch_MarksEverythingStartedAndFinishesAfterRecording()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 10, batchSize: 5, recordBatchSize: 10);
        schedule.AcceptBatch(1, TestJobs.Batch(1, 5, 3));
        Assert.Null(schedule.NextBatchToLoad());

        var started = StartAll(schedule);
        Assert.True(schedule.AllStarted);
        started.ForEach(j => schedule.Finish(Done(j)));
        Assert.False(schedule.Finished);
        Assert.Null(schedule.TakeRecordBatch(flush: false));

        var batch = schedule.TakeRecordBatch(flush: true);
        Assert.Equal(3, batch!.Count);
        Assert.True(schedule.Finished);
        var progress = schedule.Progress("c");
        Assert.Equal((3, 0, 0), (progress.Completed, progress.Failed, progress.Pending));
    }

    [Fact]
    public void AcceptBatch_NotConsecutive_IsRejected()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 10, batchSize: 5, recordBatchSize: 10);

        Assert.Throws<ArgumentException>(() => schedule.AcceptBatch(1, TestJobs.Batch(2, 5, 10)));
        Assert.Throws<ArgumentException>(() => schedule.AcceptBatch(3, TestJobs.Batch(3, 5, 10)));
    }

    [Fact]
    public void Progress_RetryScheduled_CountsTheJobAsRetryingNotInFlight()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 10, batchSize: 2, recordBatchSize: 10);
        schedule.AcceptBatch(1, TestJobs.Batch(1, 2, 2));
        var started = StartAll(schedule);

        schedule.RetryScheduled(started[0], 2);
        var progress = schedule.Progress("c");
        Assert.Equal((1, 1, 2), (progress.InFlight, progress.Retrying, progress.Pending));

        schedule.AttemptStarted(started[0], 2);
        progress = schedule.Progress("c");
        Assert.Equal((2, 0, 3), (progress.InFlight, progress.Retrying, progress.Attempts));
        Assert.Contains(progress.ActiveJobs, j => j is { JobId: "job-0001", Attempt: 2 });
    }

    [Fact]
    public void RequestCancel_StopsStartingAndLoading_AbandonedJobsStayPending()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 2, batchSize: 4, recordBatchSize: 10);
        schedule.AcceptBatch(1, TestJobs.Batch(1, 4, 4));
        var started = StartAll(schedule);

        schedule.RequestCancel("user");
        Assert.False(schedule.TryStartNext(out _));
        Assert.Null(schedule.NextBatchToLoad());
        schedule.Finish(Done(started[0]));
        schedule.Abandon(started[1]);
        Assert.NotNull(schedule.TakeRecordBatch(flush: schedule.Stopping));

        Assert.True(schedule.Finished);
        Assert.Equal(3, schedule.Progress("c").Pending);
    }

    [Fact]
    public void ShouldContinueAsNew_ThresholdsAndSuggestion_TriggerOnlyWhileWorkRemains()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 2, batchSize: 2, recordBatchSize: 10);
        schedule.AcceptBatch(1, TestJobs.Batch(1, 2, 10));

        Assert.False(schedule.ShouldContinueAsNew(false, 99, 1_000, 100, 10_000));
        Assert.True(schedule.ShouldContinueAsNew(false, 100, 1_000, 100, 10_000));
        Assert.True(schedule.ShouldContinueAsNew(false, 10, 10_000, 100, 10_000));
        Assert.True(schedule.ShouldContinueAsNew(true, 10, 1_000, 100, 10_000));

        schedule.BeginDrain();
        Assert.False(schedule.ShouldContinueAsNew(true, 1_000, 1_000_000, 100, 10_000));
    }

    [Fact]
    public void ContinueAsNewState_AfterDrain_CarriesCursorAndCountersOnly()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 2, batchSize: 5, recordBatchSize: 10);
        schedule.AcceptBatch(1, TestJobs.Batch(1, 5, 10));
        var started = StartAll(schedule);
        schedule.BeginDrain();
        Assert.False(schedule.TryStartNext(out _));
        Assert.Throws<InvalidOperationException>(() => schedule.ContinueAsNewState());

        schedule.Finish(Done(started[0]));
        schedule.Finish(started[1] is var f ? new JobOutcome(f.Sequence, f.JobId, JobStatus.Failed, 3, null, Core.Calculators.FailureKind.Crashed, "boom", []) : null!);
        schedule.TakeRecordBatch(flush: true);
        Assert.True(schedule.Drained);

        var state = schedule.ContinueAsNewState();
        // Jobs 3-5 were loaded but not started: the next run loads them again instead of carrying structures.
        Assert.Equal((3, 10, 1, 1, 2, 2), (state.NextSequence, state.TotalJobs, state.Completed, state.Failed, state.Attempts, state.Run));
        Assert.Equal([new FailedJob("job-0002", "boom")], state.RecentFailures);

        var next = new CampaignSchedule(state, window: 2, batchSize: 5, recordBatchSize: 10);
        Assert.Equal((3, 5), next.NextBatchToLoad());
        Assert.Equal(8, next.Progress("c").Pending);
        Assert.Equal(2, next.Run);
    }

    [Fact]
    public void TakeRecordBatch_FullBatchesFirst_ReturnedBatchGoesBackInFront()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 10, batchSize: 5, recordBatchSize: 2);
        schedule.AcceptBatch(1, TestJobs.Batch(1, 5, 5));
        StartAll(schedule).ForEach(j => schedule.Finish(Done(j)));

        var first = schedule.TakeRecordBatch(flush: false)!;
        Assert.Equal(["job-0001", "job-0002"], first.Select(o => o.JobId));
        schedule.ReturnRecordBatch(first);
        Assert.Equal(["job-0001", "job-0002"], schedule.TakeRecordBatch(flush: false)!.Select(o => o.JobId));
        Assert.Equal(["job-0003", "job-0004"], schedule.TakeRecordBatch(flush: false)!.Select(o => o.JobId));
        Assert.Null(schedule.TakeRecordBatch(flush: false));
        Assert.Equal(["job-0005"], schedule.TakeRecordBatch(flush: true)!.Select(o => o.JobId));
    }

    [Fact]
    public void AcceptBatch_FinishedJobsSkipped_CountOnceAndNeverRunAgain()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 1, batchSize: 3, recordBatchSize: 10);
        // Of 6 jobs, 1 and 3 completed and 4 failed before (an earlier workflow, or the embedded runtime).
        schedule.AcceptBatch(1, new JobBatch([TestJobs.Job(2, 6) with { SkippedCompleted = 1 }, TestJobs.Job(5, 6) with { SkippedCompleted = 1, SkippedFailed = 1 }], 6, NextSequence: 6));

        Assert.True(schedule.TryStartNext(out var second));
        Assert.Equal(("job-0002", 1, 0), (second.JobId, schedule.Progress("c").Completed, schedule.Progress("c").Failed));
        // A run continuing as new now carries the cursor at the unstarted job 5: its skips are not counted yet.
        schedule.Finish(Done(second));
        schedule.TakeRecordBatch(flush: true);
        Assert.Equal((5, 2, 0), (schedule.ContinueAsNewState().NextSequence, schedule.ContinueAsNewState().Completed, schedule.ContinueAsNewState().Failed));

        Assert.True(schedule.TryStartNext(out var fifth));
        Assert.Equal("job-0005", fifth.JobId);
        Assert.Equal((3, 1), (schedule.Progress("c").Completed, schedule.Progress("c").Failed));
        schedule.Finish(Done(fifth));
        Assert.Equal((6, 1), schedule.NextBatchToLoad());
        schedule.AcceptBatch(6, new JobBatch([TestJobs.Job(6, 6)], 6, NextSequence: 7));
        Assert.False(schedule.AllStarted);
        Assert.True(schedule.TryStartNext(out var sixth));
        schedule.Finish(Done(sixth));
        schedule.TakeRecordBatch(flush: true);

        Assert.True(schedule.Finished);
        Assert.Equal((6, 5, 1, 0), (schedule.Progress("c").TotalJobs, schedule.Progress("c").Completed, schedule.Progress("c").Failed, schedule.Progress("c").Pending));
        Assert.Equal(3, schedule.Progress("c").Attempts);
    }

    [Fact]
    public void AcceptBatch_EverythingLeftFinished_EndsWithoutStartingAnything()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 4, batchSize: 4, recordBatchSize: 10);

        schedule.AcceptBatch(1, new JobBatch([], 4, NextSequence: 5, SkippedCompleted: 3, SkippedFailed: 1));

        Assert.False(schedule.TryStartNext(out _));
        Assert.True(schedule.Finished);
        Assert.Equal((3, 1, 0, 0), (schedule.Progress("c").Completed, schedule.Progress("c").Failed, schedule.Progress("c").Pending, schedule.Progress("c").Attempts));
    }

    [Fact]
    public void AcceptBatch_SkippingBatchOutOfOrder_IsRefused()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 4, batchSize: 4, recordBatchSize: 10);

        Assert.Throws<ArgumentException>(() => schedule.AcceptBatch(1, new JobBatch([TestJobs.Job(3, 6), TestJobs.Job(2, 6)], 6, NextSequence: 5)));
        Assert.Throws<ArgumentException>(() => schedule.AcceptBatch(1, new JobBatch([TestJobs.Job(5, 6)], 6, NextSequence: 3)));
    }

    [Fact]
    public void TakeOutcomesToRecord_NothingInFlight_HandsOverALoneOutcomeAtOnce()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 10, batchSize: 10, recordBatchSize: 25);
        schedule.AcceptBatch(1, TestJobs.Batch(1, 10, 10));
        var started = StartAll(schedule);

        schedule.Finish(Done(started[0]));
        var batch = schedule.TakeOutcomesToRecord(CampaignWorkflow.MaxRecordBytes);

        // No timer and no batch size to wait for: the first finished job goes on its own, nine still running.
        Assert.Equal(["job-0001"], batch!.Select(o => o.JobId));
        Assert.Equal(9, schedule.ActiveCount);
        Assert.Null(schedule.TakeOutcomesToRecord(CampaignWorkflow.MaxRecordBytes));
    }

    [Fact]
    public void TakeOutcomesToRecord_OutcomesGatheredDuringAHandOver_GoTogetherInOrder()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 10, batchSize: 10, recordBatchSize: 3);
        schedule.AcceptBatch(1, TestJobs.Batch(1, 10, 10));
        var started = StartAll(schedule);
        schedule.Finish(Done(started[0]));
        var first = schedule.TakeOutcomesToRecord(CampaignWorkflow.MaxRecordBytes);

        // While the first hand-over is in flight, six more finish: the next takes all six, more than recordBatchSize.
        foreach (var job in started.Skip(1).Take(6).Reverse())
        {
            schedule.Finish(Done(job));
        }

        var second = schedule.TakeOutcomesToRecord(CampaignWorkflow.MaxRecordBytes);

        Assert.Single(first!);
        Assert.Equal(["job-0007", "job-0006", "job-0005", "job-0004", "job-0003", "job-0002"], second!.Select(o => o.JobId));
        Assert.Equal(0, schedule.UnrecordedCount);
    }

    [Fact]
    public void TakeOutcomesToRecord_MoreThanTheByteBudget_TakesWhatFitsAndLeavesTheRestFirstInLine()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 10, batchSize: 10, recordBatchSize: 25);
        schedule.AcceptBatch(1, TestJobs.Batch(1, 10, 10));
        var started = StartAll(schedule);
        started.ForEach(j => schedule.Finish(Done(j)));
        var one = OutcomeSize.Estimate(Done(started[0]));

        var batch = schedule.TakeOutcomesToRecord((3 * one) + (one / 2));
        var tiny = schedule.TakeOutcomesToRecord(1);

        Assert.Equal(["job-0001", "job-0002", "job-0003"], batch!.Select(o => o.JobId));
        // An outcome larger than the budget still goes, alone: nothing is ever stuck.
        Assert.Equal(["job-0004"], tiny!.Select(o => o.JobId));
        Assert.Equal(6, schedule.UnrecordedCount);
    }

    [Fact]
    public void LoadingDone_LastBatchLoadedOrCancelled_IsTrueButNotWhileTheWindowIsMerelyFull()
    {
        var schedule = new CampaignSchedule(CampaignState.Initial, window: 2, batchSize: 2, recordBatchSize: 25);
        schedule.AcceptBatch(1, TestJobs.Batch(1, 2, 5));
        StartAll(schedule);
        Assert.Null(schedule.NextBatchToLoad());
        Assert.False(schedule.LoadingDone);

        var cancelled = new CampaignSchedule(CampaignState.Initial, window: 2, batchSize: 2, recordBatchSize: 25);
        cancelled.RequestCancel("test");
        var loadedAll = new CampaignSchedule(CampaignState.Initial, window: 10, batchSize: 10, recordBatchSize: 25);
        loadedAll.AcceptBatch(1, TestJobs.Batch(1, 10, 5));

        Assert.True(cancelled.LoadingDone);
        Assert.True(loadedAll.LoadingDone);
    }
}
