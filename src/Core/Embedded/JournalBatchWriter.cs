using System.Globalization;
using System.Text.Json;
using AutoPipe.Core.Diagnostics;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Policy.Learning;
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
/// never lost and never stored twice. Every job that ends teaches the campaign's learning (what it learned is kept
/// in the journal with the batch), and <see cref="Learned"/> is what a job starting now starts with.
/// </summary>
internal sealed class JournalBatchWriter
{
    private readonly OpenedCampaign campaign;
    private readonly ICorrectionPolicy corrections;
    private readonly RuntimeOptions options;
    private readonly ILogger log;
    private readonly CorrectionLearning learning;

    /// <summary>The learned corrections each job's first attempt started with, as this run saw them start.</summary>
    private readonly Dictionary<int, IReadOnlyList<LearnedCorrection>> startedWith = [];
    private IReadOnlyList<LearnedCorrection> learned;

    public JournalBatchWriter(OpenedCampaign campaign, RuntimeOptions options, ILogger log)
    {
        this.campaign = campaign;
        this.options = options;
        this.log = log;
        corrections = options.Calculators.CorrectionPolicyFor(campaign.Spec);
        learning = new CorrectionLearning(campaign.Spec.Retry.LearnAfter, campaign.Journal.ReadLearning() ?? LearningState.Empty);
        learned = learning.Active;
    }

    /// <summary>
    /// Whether the campaign can learn from its repairs: retry.learnAfter above 0, and a calculator whose policy has
    /// numerical settings to learn (the mock has none).
    /// </summary>
    public bool CanLearn => learning.Enabled && corrections.NumericalKeys.Count > 0;

    /// <summary>What a job starting now starts with (read by the slots while this writer commits).</summary>
    public IReadOnlyList<LearnedCorrection> Learned => Volatile.Read(ref learned);

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

                if (e is RuntimeEvent.Started { Learned.Count: > 0 } started)
                {
                    // The first attempt runs with the learned settings: the ladder goes on from them, and the row says so.
                    startedWith[job.Sequence] = started.Learned;
                    job.Learned = [.. started.Learned.Select(l => l.ToString())];
                    job.ParametersJson = JobParameters.Serialize(CorrectionLearning.StartParameters(JobParameters.Defaults(campaign.Spec.Calculator), started.Learned));
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
                attempts.Add(new AttemptRecord(f.Sequence, f.Attempt, f.Slot, f.StartedAt, f.EndedAt, AttemptEnd.Interrupted, null, null));
                outcomes.Add(new CommittedOutcome(job, true, null, null));
                continue;
            }

            job.Attempts = f.Attempt;
            if (f.Result != null)
            {
                job.State = JobState.Completed;
                rows.Add(ResultRows.Build(campaign.Spec, job, f.Structure, f.Result));
                attempts.Add(new AttemptRecord(f.Sequence, f.Attempt, f.Slot, f.StartedAt, f.EndedAt, AttemptEnd.Completed, null, null));
                outcomes.Add(new CommittedOutcome(job, true, null, f.Result.Energy));
                Learn(job, completed: true);
                continue;
            }

            var kind = f.FailureKind!.Value;
            job.Failures.Add(AttemptTexts.Failure(kind, f.Message));
            attempts.Add(new AttemptRecord(f.Sequence, f.Attempt, f.Slot, f.StartedAt, f.EndedAt, AttemptEnd.Failed, kind.ToString(), f.Message));
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
                        job.Corrections.Add(AttemptTexts.Correction(next.NextAttempt, next.Change));
                    }

                    break;
                case RetryDecision.GiveUp giveUp:
                    job.State = JobState.Failed;
                    job.FailureReason = giveUp.Reason;
                    log.Error("Calculation {JobId} failed permanently: {Reason}", job.JobId, giveUp.Reason);
                    Learn(job, completed: false);
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

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        if (watermark != null)
        {
            meta[CampaignWorkspace.WatermarkKey] = watermark.Value.ToString(CultureInfo.InvariantCulture);
        }

        if (learning.Enabled)
        {
            meta[CampaignJournal.LearningKey] = JsonSerializer.Serialize(learning.State);
        }

        campaign.Journal.Commit(dirty.Values, attempts, meta);
        Volatile.Write(ref learned, learning.Active);
        return outcomes;
    }

    /// <summary>Lets the campaign learn from a job that ended, and says what it learned or forgot.</summary>
    private void Learn(JobRecord job, bool completed)
    {
        if (!learning.Enabled)
        {
            return;
        }

        // A job that began before this run started (a resume) began with what its parameters say, learned or not.
        var began = startedWith.GetValueOrDefault(job.Sequence) ?? [];
        startedWith.Remove(job.Sequence);
        var kinds = job.Failures.Select(AttemptTexts.FailureKindOf).ToList();
        var first = CorrectionLearning.StartParameters(JobParameters.Defaults(campaign.Spec.Calculator), began);
        var finished = new FinishedJob(job.JobId, completed, kinds, first, JobParameters.Current(job, campaign.Spec.Calculator), began);
        foreach (var change in learning.Observe(finished, corrections.NumericalKeys))
        {
            var notStarted = campaign.Jobs.Count(j => j.State == JobState.Pending && j.Attempts == 0);
            switch (change)
            {
                case LearningChange.Learned learnedNow:
                    log.Information(
                        "Learned from {FromJobs}: {FailureKind} is repaired by {Settings}; {NotStarted} calculations not yet started will start with it",
                        string.Join(", ", learnedNow.Correction.FromJobs), learnedNow.Correction.Kind, learnedNow.Correction.SettingsText, notStarted);
                    break;
                case LearningChange.Forgotten forgotten:
                    log.Warning(
                        "Forgot that {FailureKind} is repaired by {Settings}: it failed in {FailedIn} in a row; {NotStarted} calculations not yet started start without it",
                        forgotten.Correction.Kind, forgotten.Correction.SettingsText, string.Join(", ", forgotten.FailedIn), notStarted);
                    break;
            }
        }
    }
}
