using System.Runtime.ExceptionServices;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Logging;
using AutoPipe.Worker.Scheduling;
using Temporalio.Workflows;

namespace AutoPipe.Worker.Workflows;

/// <summary>
/// How runs started before <see cref="GroupCommitPatch"/> go on: one hand-made event loop that hands outcomes to the
/// projector in batches of <see cref="Input.RecordBatchSize"/> or when a <see cref="Input.RecordIntervalSeconds"/>
/// timer fires. Frozen: it must issue the very commands those runs' histories hold, so it is never edited, only
/// deleted once no such run is left (then <see cref="GroupCommitPatch"/> becomes <c>Workflow.DeprecatePatch</c>).
/// </summary>
public sealed partial class CampaignWorkflow
{
    private readonly List<Task> running = [];
    private bool loading;
    private bool recording;
    private bool flushDue;
    private bool flushTimerRunning;

    private async Task<Result> RunWithTimedBatchesAsync(Input input)
    {
        // Activities that hand results to the projector must outlive a cancellation; this source is never cancelled.
        using var detached = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
        var start = schedule.Progress(input.Campaign);
        Workflow.Logger.RunStarts(input.Campaign, schedule.Run, (input.State ?? CampaignState.Initial).NextSequence, start.Completed, start.Failed);

        while (true)
        {
            // A coroutine's failure (a campaign that cannot run here, an inconsistent projector) ends the run here.
            ObserveFinishedCoroutines();

            if (Workflow.CancellationToken.IsCancellationRequested)
            {
                RequestCancel("the workflow was cancelled");
            }

            if (schedule.CancelRequested && !stop.IsCancellationRequested)
            {
                stop.Cancel();
            }

            if (schedule.ShouldContinueAsNew(Workflow.ContinueAsNewSuggested, Workflow.CurrentHistoryLength, Workflow.CurrentHistorySize, input.ContinueAsNewAfterEvents, input.ContinueAsNewAfterBytes))
            {
                Workflow.Logger.Draining(input.Campaign, schedule.Run, Workflow.CurrentHistoryLength, Workflow.CurrentHistorySize, Workflow.ContinueAsNewSuggested);
                schedule.BeginDrain();
            }

            if (!loading && schedule.NextBatchToLoad() is { } range)
            {
                loading = true;
                running.Add(LoadFlaggedAsync(range.FromSequence, range.MaxCount, detached.Token));
            }

            while (schedule.TryStartNext(out var job))
            {
                running.Add(RunJobAsync(job, stop.Token));
            }

            if (!recording)
            {
                var flush = flushDue || schedule.ActiveCount == 0 || schedule.Stopping;
                if (schedule.TakeRecordBatch(flush) is { } batch)
                {
                    recording = true;
                    flushDue = false;
                    running.Add(RecordFlaggedAsync(batch, detached.Token));
                }
                else if (schedule.UnrecordedCount > 0 && !flushTimerRunning)
                {
                    flushTimerRunning = true;
                    running.Add(FlushTimerAsync(detached.Token));
                }
            }

            if (!loading && !recording && schedule.Finished)
            {
                break;
            }

            if (!loading && !recording && schedule.Drained)
            {
                await ContinueAsNewAsync(input, detached.Token);
            }

            // Wakes on the same steps as before: the schedule changed, a coroutine ended, or the workflow was cancelled.
            var seen = schedule.Version;
            var cancelSeen = Workflow.CancellationToken.IsCancellationRequested;
            await Workflow.WaitConditionAsync(
                () => schedule.Version != seen || running.Exists(t => t.IsCompleted) || Workflow.CancellationToken.IsCancellationRequested != cancelSeen,
                detached.Token);
        }

        return await EndAsync(input, detached.Token);
    }

    /// <summary>Forgets the coroutines that ended; rethrows the first failure among them, where it happened.</summary>
    private void ObserveFinishedCoroutines()
    {
        foreach (var task in running.Where(t => t.IsCompleted).ToList())
        {
            running.Remove(task);
            if (task.IsFaulted)
            {
                ExceptionDispatchInfo.Throw(task.Exception!.InnerException!);
            }
        }
    }

    private async Task LoadFlaggedAsync(int fromSequence, int maxCount, CancellationToken token)
    {
        try
        {
            await LoadBatchAsync(fromSequence, maxCount, token);
        }
        finally
        {
            loading = false;
        }
    }

    private async Task RecordFlaggedAsync(IReadOnlyList<JobOutcome> batch, CancellationToken token)
    {
        try
        {
            await RecordAsync(batch, token);
        }
        finally
        {
            recording = false;
        }
    }

    private async Task FlushTimerAsync(CancellationToken token)
    {
        try
        {
            await Workflow.DelayAsync(TimeSpan.FromSeconds(input.RecordIntervalSeconds), token);
            flushDue = true;
        }
        finally
        {
            flushTimerRunning = false;
        }
    }
}
