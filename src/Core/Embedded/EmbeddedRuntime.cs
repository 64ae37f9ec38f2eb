using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Executors;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Projection;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using Serilog;

namespace AutoPipe.Core.Embedded;

/// <summary>
/// Runs a campaign on this machine: <c>workers</c> slots take ready jobs in input order; one writer commits what
/// they report, in batches, to results.db and the journal before anything acts on it (a retry is scheduled only
/// once its failure is durable; a job counts as done only once its row is), then refreshes checkpoint.json.
/// </summary>
public sealed class EmbeddedRuntime : ICampaignRuntime
{
    private readonly OpenedCampaign campaign;
    private readonly RuntimeOptions options;
    private readonly ILogger log;
    private readonly TimeProvider time;
    private readonly ICalculator calculator;
    private readonly ICommandExecutor executor;
    private readonly List<JobRecord> jobs;
    private readonly Channel<int> ready = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleWriter = false });

    /// <summary>
    /// In a campaign that can learn, retries go before jobs not yet started: a repair is known within a calculation's
    /// time, not at the end of the campaign, so that later calculations can start with what it taught.
    /// </summary>
    private readonly Channel<int> retries = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Channel<RuntimeEvent> events;
    private readonly ConcurrentDictionary<int, InFlightCalculation> inFlight = new();
    private readonly DateTimeOffset startedAt;
    private readonly JournalBatchWriter writer;
    private int completed;
    private int failed;
    private int completedThisRun;

    /// <summary>Prepares a run of <paramref name="campaign"/>.</summary>
    public EmbeddedRuntime(OpenedCampaign campaign, RuntimeOptions options, ILogger log)
    {
        this.campaign = campaign;
        this.options = options;
        this.log = log;
        time = options.Time;
        executor = ExecutorRegistry.Create(campaign.Spec, campaign.Workdir, time, log);
        calculator = options.Calculators.Create(campaign.Spec.Calculator, time, executor);
        jobs = campaign.Jobs;
        // Bounded: when the writer falls behind, slots wait instead of piling up results in memory.
        events = Channel.CreateBounded<RuntimeEvent>(new BoundedChannelOptions(2 * options.MaxBatch) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        startedAt = time.GetUtcNow();
        writer = new JournalBatchWriter(campaign, options, log);
        completed = jobs.Count(j => j.State == JobState.Completed);
        failed = jobs.Count(j => j.State == JobState.Failed);
    }

    /// <summary>A snapshot for progress displays; safe to call from any thread while the run goes on.</summary>
    public CampaignProgress Progress => new(
        campaign.Spec.Name,
        jobs.Count,
        Volatile.Read(ref completed),
        Volatile.Read(ref failed),
        Volatile.Read(ref completedThisRun),
        startedAt,
        inFlight.Values.OrderBy(c => c.Slot).ToList());

    /// <summary>
    /// Runs until every job has finished, or <paramref name="cancellationToken"/> stops it (in-flight attempts are
    /// then cancelled and recorded as interrupted, to run again on the next start).
    /// </summary>
    public async Task<CampaignOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var spec = campaign.Spec;
        // Attempts an earlier run handed to the executor (Slurm jobs that went on without a manager) come first: they
        // are harvested or adopted at once, and count against maxSubmitted before anything new is submitted.
        var pending = jobs.Where(j => !j.IsTerminal).OrderBy(j => executor.IsSubmitted(j.JobId, j.Attempts + 1) ? 0 : 1).ToList();
        if (campaign.Resumed)
        {
            log.Information(
                "Found checkpoint in {Workdir}: {Completed} completed, {Failed} failed, {Pending} pending; resubmitting {Pending} pending calculations",
                campaign.Workdir.Root, completed, failed, pending.Count, pending.Count);
        }

        CheckpointProjection.Write(campaign, jobs, inFlight, "running", time, log, replacingDamaged: campaign.Resumed);
        using var structures = new StructureSource(campaign.Workdir, spec.StructuresPath == null);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var remaining = pending.Count;
        foreach (var job in pending)
        {
            Schedule(job, stop.Token);
        }

        if (remaining == 0)
        {
            CompleteQueues();
        }

        var slots = Enumerable.Range(1, ExecutorRegistry.Concurrency(spec)).Select(slot => Task.Run(() => RunSlotAsync(slot, structures, stop.Token), CancellationToken.None)).ToArray();
        var slotsDone = Task.WhenAll(slots).ContinueWith(_ => events.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            await WriteLoopAsync(remaining, stop).ConfigureAwait(false);
        }
        catch
        {
            // The writer failed (a full disk, say): nobody reads the events any more, so release the slots that wait
            // to report into a full channel; otherwise they, and with them the process, would wait forever.
            events.Writer.TryComplete();
            throw;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            CompleteQueues();
            await slotsDone.ConfigureAwait(false);
            (executor as IDisposable)?.Dispose();
        }

        var outcome = new CampaignOutcome(jobs.Count, completed, failed, jobs.Any(j => !j.IsTerminal));
        CheckpointProjection.Write(campaign, jobs, inFlight, outcome.Cancelled ? "stopped" : "finished", time, log, replacingDamaged: false);
        campaign.Results.Checkpoint();
        campaign.Journal.Checkpoint();
        return outcome;
    }

    private void CompleteQueues()
    {
        ready.Writer.TryComplete();
        retries.Writer.TryComplete();
    }

    /// <summary>Queues <paramref name="job"/> once its backoff has passed: at the start in the given order, later as a retry.</summary>
    private void Schedule(JobRecord job, CancellationToken stop, bool retry = false)
    {
        var queue = retry ? retries : ready;
        var wait = job.NotBefore is { } due ? due - time.GetUtcNow() : TimeSpan.Zero;
        if (wait <= TimeSpan.Zero)
        {
            queue.Writer.TryWrite(job.Sequence);
            return;
        }

        _ = DelayThenQueueAsync(queue, job.Sequence, wait, stop);
    }

    private async Task DelayThenQueueAsync(Channel<int> queue, int sequence, TimeSpan wait, CancellationToken stop)
    {
        try
        {
            await Task.Delay(wait, time, stop).ConfigureAwait(false);
            queue.Writer.TryWrite(sequence);
        }
        catch (OperationCanceledException)
        {
            // The run is stopping; the job stays pending in the journal.
        }
    }

    private async Task RunSlotAsync(int slot, StructureSource structures, CancellationToken stop)
    {
        var maxAttempts = campaign.Spec.Retry.MaxAttempts;
        try
        {
            while (await NextJobAsync(stop).ConfigureAwait(false) is { } sequence)
            {
                var job = jobs[sequence - 1];
                var attempt = job.Attempts + 1;
                var started = time.GetUtcNow();
                // A job's first start takes what the campaign has learned so far (a resumed or corrected one has its set).
                var learned = job.Attempts == 0 && job.ParametersJson == null ? writer.Learned : [];
                inFlight[sequence] = new InFlightCalculation(job.JobId, slot, attempt, maxAttempts, started, null);
                await events.Writer.WriteAsync(new RuntimeEvent.Started(sequence, attempt, slot, learned), CancellationToken.None).ConfigureAwait(false);
                log.Information("Running calculation {JobId} (attempt {Attempt} of {MaxAttempts})", job.JobId, attempt, maxAttempts);
                var finished = await RunAttemptAsync(job, attempt, slot, started, structures, learned, stop).ConfigureAwait(false);
                await events.Writer.WriteAsync(finished, CancellationToken.None).ConfigureAwait(false);
                if (writer.CanLearn && (finished.FailureKind != null || attempt > 1 || learned.Count > 0))
                {
                    // A failure's retry goes before the next new job only once it is queued; and a job that was
                    // repaired, or started with something learned, may change what the campaign knows, which the next
                    // job this slot starts must start with. Both wait until the writer has taken the attempt in.
                    await finished.Committed.Task.WaitAsync(stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the writer records what was in flight as interrupted.
        }
        catch (ChannelClosedException)
        {
            // The writer failed and the run is ending; what this slot ran stays pending in the journal.
        }
    }

    /// <summary>The next job to run, retries first; null once the run is stopping or nothing more can come.</summary>
    private async Task<int?> NextJobAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (retries.Reader.TryRead(out var retry))
            {
                return retry;
            }

            if (ready.Reader.TryRead(out var fresh))
            {
                return fresh;
            }

            var open = new[] { retries, ready }.Where(q => !q.Reader.Completion.IsCompleted).Select(q => q.Reader.WaitToReadAsync(stop).AsTask()).ToList();
            if (open.Count == 0)
            {
                return null;
            }

            await Task.WhenAny(open).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<RuntimeEvent.Finished> RunAttemptAsync(JobRecord job, int attempt, int slot, DateTimeOffset started, StructureSource structures, IReadOnlyList<Policy.Learning.LearnedCorrection> learned, CancellationToken stop)
    {
        var sequence = job.Sequence;
        var parameters = learned.Count > 0
            ? Policy.Learning.CorrectionLearning.StartParameters(JobParameters.Defaults(campaign.Spec.Calculator), learned)
            : JobParameters.Current(job, campaign.Spec.Calculator);
        var request = new CalculationRequest(
            job.JobId,
            attempt,
            structures.Get(sequence),
            parameters,
            campaign.Workdir.AttemptDirectory(job.JobId, attempt),
            attempt > 1 ? campaign.Workdir.AttemptDirectory(job.JobId, attempt - 1) : null);
        var progress = new InlineProgress<CalculationProgress>(p =>
        {
            if (inFlight.TryGetValue(sequence, out var current))
            {
                inFlight.TryUpdate(sequence, current with { Detail = p.Detail }, current);
            }
        });
        try
        {
            var result = await calculator.RunAsync(request, progress, stop).ConfigureAwait(false);
            return new RuntimeEvent.Finished(sequence, attempt, slot, started, time.GetUtcNow(), request.Structure, result, null, null);
        }
        catch (CalculationFailedException e)
        {
            return new RuntimeEvent.Finished(sequence, attempt, slot, started, time.GetUtcNow(), request.Structure, null, e.Kind, e.Message);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return new RuntimeEvent.Finished(sequence, attempt, slot, started, time.GetUtcNow(), request.Structure, null, null, null);
        }
        catch (Exception e)
        {
            // A calculator's unexpected exception is one failed attempt, not the end of the campaign.
            return new RuntimeEvent.Finished(sequence, attempt, slot, started, time.GetUtcNow(), request.Structure, null, FailureKind.Crashed, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private async Task WriteLoopAsync(int remaining, CancellationTokenSource stop)
    {
        var checkpointDue = TimeSpan.Zero;
        var checkpointDirty = false;
        var lastCheckpoint = Stopwatch.StartNew();
        var lastStatus = Stopwatch.StartNew();
        var batch = new List<RuntimeEvent>(options.MaxBatch);
        while (true)
        {
            var wait = checkpointDirty ? checkpointDue - lastCheckpoint.Elapsed : options.StatusInterval;
            var hasEvents = await WaitForEventsAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait).ConfigureAwait(false);
            if (hasEvents == null)
            {
                break;
            }

            batch.Clear();
            while (batch.Count < options.MaxBatch && events.Reader.TryRead(out var e))
            {
                batch.Add(e);
            }

            if (batch.Count > 0)
            {
                var committed = writer.Commit(batch);
                remaining -= Apply(committed, stop.Token);
                foreach (var finished in batch.OfType<RuntimeEvent.Finished>())
                {
                    finished.Committed.TrySetResult();
                }

                checkpointDirty = true;
                if (remaining == 0)
                {
                    CompleteQueues();
                }
            }

            if (checkpointDirty && lastCheckpoint.Elapsed >= checkpointDue)
            {
                var cost = Stopwatch.StartNew();
                CheckpointProjection.Write(campaign, jobs, inFlight, "running", time, log, replacingDamaged: false);
                checkpointDue = cost.Elapsed * options.CheckpointCostFactor;
                lastCheckpoint.Restart();
                checkpointDirty = false;
            }

            if (lastStatus.Elapsed >= options.StatusInterval)
            {
                StatusFile.Write(campaign.Workdir, Progress, time);
                lastStatus.Restart();
            }
        }

        if (checkpointDirty)
        {
            CheckpointProjection.Write(campaign, jobs, inFlight, "running", time, log, replacingDamaged: false);
        }

        File.Delete(campaign.Workdir.StatusJson);
    }

    /// <summary>True when events are waiting, false on timeout, null once no more events can come.</summary>
    private async Task<bool?> WaitForEventsAsync(TimeSpan timeout)
    {
        var read = events.Reader.WaitToReadAsync().AsTask();
        if (!read.IsCompleted)
        {
            using var timer = new CancellationTokenSource();
            var delay = Task.Delay(timeout, time, timer.Token);
            var first = await Task.WhenAny(read, delay).ConfigureAwait(false);
            await timer.CancelAsync().ConfigureAwait(false);
            if (first != read)
            {
                return false;
            }
        }

        return await read.ConfigureAwait(false) ? true : null;
    }

    /// <summary>Acts on committed outcomes; returns how many jobs finished for good.</summary>
    private int Apply(IReadOnlyList<CommittedOutcome> outcomes, CancellationToken stop)
    {
        var finished = 0;
        foreach (var outcome in outcomes)
        {
            var job = outcome.Job;
            if (outcome.EndedAttempt)
            {
                inFlight.TryRemove(job.Sequence, out _);
            }

            switch (outcome.Decision)
            {
                case null when job.State == JobState.Completed:
                    log.Information(
                        "Completed calculation {JobId} (attempt {Attempt} of {MaxAttempts}): energy {Energy} eV",
                        job.JobId, job.Attempts, campaign.Spec.Retry.MaxAttempts, outcome.Energy);
                    Interlocked.Increment(ref completed);
                    Interlocked.Increment(ref completedThisRun);
                    finished++;
                    break;
                case RetryDecision.Retry retry when !stop.IsCancellationRequested:
                    Schedule(job, stop, retry: writer.CanLearn);
                    log.Information(
                        "{JobId}: Retrying calculation (attempt {Attempt} of {MaxAttempts})... in {Delay} s{Change}",
                        job.JobId, retry.NextAttempt, campaign.Spec.Retry.MaxAttempts,
                        retry.Delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture),
                        retry.Change == null ? "" : $"; changed: {retry.Change}");
                    break;
                case RetryDecision.GiveUp:
                    Interlocked.Increment(ref failed);
                    finished++;
                    break;
            }
        }

        return finished;
    }
}
