using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AutoPipe.Core.Policy.Learning;
using AutoPipe.Core.Projection;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Workspace;
using Serilog;

namespace AutoPipe.Core.Projector;

/// <summary>
/// Writes the outcomes another runtime decided (Temporal's workflow) into the working directory exactly as the
/// embedded runtime would: one ASE row per completed job however often its outcome is delivered (results.db first,
/// then the journal with the results watermark, so a projector killed in between catches up on restart), and
/// checkpoint.json rewritten under the same cost throttle: an outcome the throttle holds back is written when it
/// expires, never left waiting for the next outcome.
/// </summary>
public sealed class OutcomeProjector : IDisposable
{
    private readonly OpenedCampaign campaign;
    private readonly RuntimeOptions options;
    private readonly ILogger log;
    private readonly Dictionary<string, JobRecord> byId;
    private readonly StructureSource structures;
    private readonly Lock gate = new();
    private readonly Stopwatch sinceCheckpoint = Stopwatch.StartNew();
    private TimeSpan checkpointDue = TimeSpan.Zero;
    private ITimer? trailingCheckpoint;

    /// <summary>Projects into <paramref name="campaign"/>.</summary>
    public OutcomeProjector(OpenedCampaign campaign, RuntimeOptions options, ILogger log)
    {
        this.campaign = campaign;
        this.options = options;
        this.log = log;
        byId = campaign.Jobs.ToDictionary(j => j.JobId, StringComparer.Ordinal);
        structures = new StructureSource(campaign.Workdir, campaign.Spec.StructuresPath == null);
    }

    /// <summary>Jobs finished so far (completed, failed).</summary>
    public (int Completed, int Failed) Counts
    {
        get
        {
            lock (gate)
            {
                return (campaign.Jobs.Count(j => j.State == JobState.Completed), campaign.Jobs.Count(j => j.State == JobState.Failed));
            }
        }
    }

    /// <summary>
    /// The counts and, of <paramref name="inFlight"/> (read elsewhere, a moment ago), the calculations still running,
    /// at one moment: a job this projector has recorded as finished is not shown running as well.
    /// </summary>
    public (int Completed, int Failed, IReadOnlyList<InFlightCalculation> InFlight) Snapshot(IReadOnlyList<InFlightCalculation> inFlight)
    {
        lock (gate)
        {
            return (
                campaign.Jobs.Count(j => j.State == JobState.Completed),
                campaign.Jobs.Count(j => j.State == JobState.Failed),
                RunningAttempts.StillOpen(inFlight, id => byId.GetValueOrDefault(id)));
        }
    }

    /// <summary>Records <paramref name="outcomes"/> durably; outcomes of jobs already finished are ignored.</summary>
    /// <param name="outcomes">How jobs ended.</param>
    /// <param name="learning">What the campaign had learned from its repairs when they ended, if it says.</param>
    public void Record(IReadOnlyList<ProjectedOutcome> outcomes, LearningState? learning = null)
    {
        lock (gate)
        {
            var rows = new List<AseRow>();
            var changed = new List<JobRecord>();
            var attempts = new List<AttemptRecord>();
            foreach (var outcome in outcomes)
            {
                if (!byId.TryGetValue(outcome.JobId, out var job))
                {
                    log.Warning("Ignoring the outcome of {JobId}: the campaign has no such job", outcome.JobId);
                    continue;
                }

                if (job.IsTerminal || changed.Contains(job))
                {
                    continue;
                }

                job.Attempts = outcome.Attempts;
                job.Corrections = [.. outcome.Corrections];
                job.Failures = [.. outcome.Failures];
                job.Learned = [.. outcome.Learned ?? []];
                attempts.AddRange(outcome.AttemptLog.Select(a => a with { Sequence = job.Sequence }));
                if (outcome.Result != null)
                {
                    job.State = JobState.Completed;
                    rows.Add(ResultRows.Build(campaign.Spec, job, structures.Get(job.Sequence), outcome.Result));
                    log.Information("Completed calculation {JobId} (attempt {Attempt} of {MaxAttempts}): energy {Energy} eV", job.JobId, job.Attempts, campaign.Spec.Retry.MaxAttempts, outcome.Result.Energy);
                }
                else
                {
                    job.State = JobState.Failed;
                    job.FailureReason = outcome.FailureReason ?? "failed";
                    log.Error("Calculation {JobId} failed permanently: {Reason}", job.JobId, job.FailureReason);
                }

                changed.Add(job);
            }

            if (changed.Count == 0)
            {
                return;
            }

            campaign.Results.Insert(rows);
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            if (rows.Count > 0)
            {
                meta[CampaignWorkspace.WatermarkKey] = campaign.Results.LastRowId().ToString(CultureInfo.InvariantCulture);
            }

            if (learning != null)
            {
                meta[CampaignJournal.LearningKey] = JsonSerializer.Serialize(learning);
            }

            campaign.Journal.Commit(changed, attempts, meta);
            var finished = campaign.Jobs.All(j => j.IsTerminal);
            if (finished || sinceCheckpoint.Elapsed >= checkpointDue)
            {
                WriteCheckpoint(finished ? "finished" : "running");
            }
            else
            {
                trailingCheckpoint ??= options.Time.CreateTimer(_ => WriteTrailingCheckpoint(), null, checkpointDue - sinceCheckpoint.Elapsed, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Rewrites checkpoint.json now (e.g. at the end, or on a timer while outcomes trickle in).</summary>
    public void WriteCheckpoint(string status)
    {
        lock (gate)
        {
            trailingCheckpoint?.Dispose();
            trailingCheckpoint = null;
            var cost = Stopwatch.StartNew();
            CheckpointProjection.Write(campaign, campaign.Jobs, new ConcurrentDictionary<int, InFlightCalculation>(), status, options.Time, log, replacingDamaged: false);
            checkpointDue = cost.Elapsed * options.CheckpointCostFactor;
            sinceCheckpoint.Restart();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (gate)
        {
            trailingCheckpoint?.Dispose();
            trailingCheckpoint = null;
        }

        structures.Dispose();
    }

    /// <summary>The write the throttle held back; skipped when another write came first (that one ended the timer).</summary>
    private void WriteTrailingCheckpoint()
    {
        lock (gate)
        {
            if (trailingCheckpoint != null)
            {
                WriteCheckpoint("running");
            }
        }
    }
}
