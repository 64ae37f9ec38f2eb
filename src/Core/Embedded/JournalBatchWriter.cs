using System.Globalization;
using AutoPipe.Core.Diagnostics;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Projection;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using Serilog;

namespace AutoPipe.Core.Embedded;

/// <summary>
/// Applies a batch of slot events to the jobs' state and makes it durable: result rows into results.db first, then
/// the jobs, attempts and the results watermark into the journal, each in one transaction. A crash between the two
/// leaves rows past the watermark, which the next start adopts (<see cref="CampaignWorkspace"/>), so a result is
/// never lost and never stored twice.
/// </summary>
internal sealed class JournalBatchWriter
{
    private readonly OpenedCampaign campaign;
    private readonly ICorrectionPolicy corrections;
    private readonly RuntimeOptions options;
    private readonly ILogger log;

    public JournalBatchWriter(OpenedCampaign campaign, RuntimeOptions options, ILogger log)
    {
        this.campaign = campaign;
        this.options = options;
        this.log = log;
        corrections = options.Calculators.CorrectionPolicyFor(campaign.Spec);
    }

    public List<CommittedOutcome> Commit(IReadOnlyList<RuntimeEvent> batch)
    {
        var jobs = campaign.Jobs;
        var retry = campaign.Spec.Retry;
        var now = options.Time.GetUtcNow();
        var dirty = new Dictionary<int, JobRecord>();
        var attempts = new List<AttemptRecord>();
        var rows = new List<AseRow>();
        var outcomes = new List<CommittedOutcome>();
        var endedHere = batch.OfType<RuntimeEvent.Finished>().Select(f => (f.Sequence, f.Attempt)).ToHashSet();
        foreach (var e in batch)
        {
            var job = jobs[e.Sequence - 1];
            dirty[job.Sequence] = job;
            if (e is not RuntimeEvent.Finished f)
            {
                if (!endedHere.Contains((e.Sequence, e.Attempt)))
                {
                    job.State = JobState.Running;
                }

                continue;
            }

            if (f.Interrupted)
            {
                // A Slurm job goes on when the manager detaches from it; only a local process is cut short.
                if (campaign.Spec.Executor is not SlurmExecutorSpec)
                {
                    job.Interruptions++;
                }

                job.State = JobState.Pending;
                attempts.Add(new AttemptRecord(f.Sequence, f.Attempt, f.Slot, f.StartedAt, f.EndedAt, "interrupted", null, null));
                outcomes.Add(new CommittedOutcome(job, true, null, null));
                continue;
            }

            job.Attempts = f.Attempt;
            if (f.Result != null)
            {
                job.State = JobState.Completed;
                rows.Add(ResultRows.Build(campaign.Spec, job, f.Structure, f.Result));
                attempts.Add(new AttemptRecord(f.Sequence, f.Attempt, f.Slot, f.StartedAt, f.EndedAt, "completed", null, null));
                outcomes.Add(new CommittedOutcome(job, true, null, f.Result.Energy));
                continue;
            }

            var kind = f.FailureKind!.Value;
            job.Failures.Add($"{kind}: {f.Message}");
            attempts.Add(new AttemptRecord(f.Sequence, f.Attempt, f.Slot, f.StartedAt, f.EndedAt, "failed", kind.ToString(), f.Message));
            log.Warning("Calculation {JobId} failed on attempt {Attempt} of {MaxAttempts}: {Kind}: {Message}", job.JobId, f.Attempt, retry.MaxAttempts, kind, f.Message);
            var decision = RetryPolicy.Decide(kind, f.Message ?? "", f.Attempt, retry, corrections, JobParameters.Current(job, campaign.Spec.Calculator));
            switch (decision)
            {
                case RetryDecision.Retry next:
                    job.State = JobState.Pending;
                    job.NotBefore = now + next.Delay;
                    if (next.Change != null)
                    {
                        job.ParametersJson = JobParameters.Serialize(next.Parameters);
                        job.Corrections.Add($"attempt {next.NextAttempt}: {next.Change}");
                    }

                    break;
                case RetryDecision.GiveUp giveUp:
                    job.State = JobState.Failed;
                    job.FailureReason = giveUp.Reason;
                    log.Error("Calculation {JobId} failed permanently: {Reason}", job.JobId, giveUp.Reason);
                    break;
            }

            outcomes.Add(new CommittedOutcome(job, true, decision, null));
        }

        campaign.Results.Insert(rows);
        var watermark = rows.Count > 0 ? campaign.Results.LastRowId() : (long?)null;
        if (rows.Count > 0)
        {
            FaultInjection.Reach(FaultInjection.KillBetweenResultsAndJournal);
        }

        campaign.Journal.Commit(
            dirty.Values,
            attempts,
            watermark == null ? null : new Dictionary<string, string> { [CampaignWorkspace.WatermarkKey] = watermark.Value.ToString(CultureInfo.InvariantCulture) });
        return outcomes;
    }
}
