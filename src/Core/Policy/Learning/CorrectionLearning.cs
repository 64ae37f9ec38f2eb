using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Core.Policy.Learning;

/// <summary>
/// A campaign learning from its own repairs, as one pure function of the calculations that finished, in the order
/// they finished (both runtimes call it the same way; on Temporal it runs in the workflow). When the same numerical
/// settings have repaired the same failure in <c>learnAfter</c> calculations, calculations not yet started start
/// with them; when calculations started with them fail the same way <c>learnAfter</c> times in a row, they are
/// forgotten. Only keys the calculator's correction policy declares numerical (how the answer is reached: mixing,
/// electron steps, the eigensolver, bands) are ever learned; physics (cutoffs, k-points, smearing, pseudopotentials)
/// never is, whatever the repairs changed.
/// </summary>
public sealed class CorrectionLearning
{
    /// <summary>Most repairs remembered while not yet learned; the oldest are dropped first.</summary>
    public const int MaxCandidates = 50;

    private readonly int learnAfter;
    private readonly List<LearnedCorrection> active;
    private readonly List<RepairCandidate> candidates;

    /// <summary>Learning from <paramref name="state"/> on.</summary>
    /// <param name="learnAfter">Repairs it takes to learn, and failures in a row to forget; 0 turns learning off.</param>
    /// <param name="state">What was learned so far (<see cref="LearningState.Empty"/> for a new campaign).</param>
    public CorrectionLearning(int learnAfter, LearningState state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(learnAfter);
        ArgumentNullException.ThrowIfNull(state);
        this.learnAfter = learnAfter;
        active = learnAfter == 0 ? [] : [.. state.Active];
        candidates = learnAfter == 0 ? [] : [.. state.Candidates];
    }

    /// <summary>False when the campaign's <c>learnAfter</c> is 0.</summary>
    public bool Enabled => learnAfter > 0;

    /// <summary>The learned corrections a calculation starting now starts with, in the order they were learned (a copy).</summary>
    public IReadOnlyList<LearnedCorrection> Active => [.. active];

    /// <summary>What was learned so far, to carry on later.</summary>
    public LearningState State => new([.. active], [.. candidates]);

    /// <summary>The parameters a calculation starting now starts with: <paramref name="parameters"/> and every learned setting.</summary>
    public Dictionary<string, JsonNode> StartParameters(IReadOnlyDictionary<string, JsonNode> parameters) => StartParameters(parameters, active);

    /// <summary><paramref name="parameters"/> with the settings of <paramref name="learned"/> on top, in order.</summary>
    public static Dictionary<string, JsonNode> StartParameters(IReadOnlyDictionary<string, JsonNode> parameters, IReadOnlyList<LearnedCorrection> learned)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(learned);
        return learned.Aggregate(
            parameters.ToDictionary(p => p.Key, p => p.Value.DeepClone(), StringComparer.Ordinal),
            (current, correction) => LearningSettings.Apply(current, correction.Settings));
    }

    /// <summary>Takes in one finished calculation; returns what it changed, if anything.</summary>
    /// <param name="job">The calculation, as it ended.</param>
    /// <param name="numericalKeys">The keys its calculator's correction policy declares numerical (<see cref="ICorrectionPolicy.NumericalKeys"/>).</param>
    public IReadOnlyList<LearningChange> Observe(FinishedJob job, IReadOnlySet<string> numericalKeys)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(numericalKeys);
        if (!Enabled)
        {
            return [];
        }

        var changes = new List<LearningChange>();
        JudgeWhatItStartedWith(job, changes);
        if (job.Completed && job.Failures.Count > 0 && RepairSettings(job, numericalKeys) is { Count: > 0 } settings)
        {
            LearnFrom(job, job.Failures[^1], settings, changes);
        }

        return changes;
    }

    /// <summary>A learned correction works while calculations started with it do not fail the way it repairs.</summary>
    private void JudgeWhatItStartedWith(FinishedJob job, List<LearningChange> changes)
    {
        foreach (var started in job.StartedWith)
        {
            var index = active.FindIndex(a => a.Kind == started.Kind && SameSettings(a.Settings, started.Settings));
            if (index < 0)
            {
                continue;
            }

            var current = active[index];
            if (job.Failures.Count == 0 || job.Failures[0] != current.Kind)
            {
                active[index] = current with { FailedInARow = [] };
                continue;
            }

            var failedIn = (current.FailedInARow ?? []).Append(job.JobId).ToList();
            if (failedIn.Count >= learnAfter)
            {
                active.RemoveAt(index);
                changes.Add(new LearningChange.Forgotten(current, failedIn));
            }
            else
            {
                active[index] = current with { FailedInARow = failedIn };
            }
        }
    }

    /// <summary>
    /// The numerical settings the repaired calculation ended with that its first attempt did not have, and the
    /// learned settings of the same failure it started with (the ladder went on from them).
    /// </summary>
    private static SortedDictionary<string, JsonNode> RepairSettings(FinishedJob job, IReadOnlySet<string> numericalKeys)
    {
        bool Numerical(string key) => numericalKeys.Any(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
        var settings = new SortedDictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in job.LastParameters)
        {
            var first = LearningSettings.Get(job.FirstParameters, key);
            if (Numerical(key) && (first == null || first.ToJsonString() != value.ToJsonString()))
            {
                settings[key] = value.DeepClone();
            }
        }

        var repaired = job.Failures[^1];
        foreach (var started in job.StartedWith.Where(s => s.Kind == repaired))
        {
            foreach (var key in started.Settings.Keys.Where(Numerical))
            {
                if (!settings.ContainsKey(key) && LearningSettings.Get(job.LastParameters, key) is { } value)
                {
                    settings[key] = value.DeepClone();
                }
            }
        }

        return settings;
    }

    private void LearnFrom(FinishedJob job, FailureKind kind, SortedDictionary<string, JsonNode> settings, List<LearningChange> changes)
    {
        var index = candidates.FindIndex(c => c.Kind == kind && SameSettings(c.Settings, settings));
        var jobs = index < 0 ? [job.JobId] : candidates[index].Jobs.Append(job.JobId).Distinct(StringComparer.Ordinal).ToList();
        if (index >= 0)
        {
            candidates.RemoveAt(index);
        }

        var current = active.FindIndex(a => a.Kind == kind);
        if (current >= 0 && SameSettings(active[current].Settings, settings))
        {
            // What it already knows worked again (reached from another start): nothing to learn.
            return;
        }

        if (jobs.Count < learnAfter)
        {
            candidates.Add(new RepairCandidate(kind, new Dictionary<string, JsonNode>(settings, StringComparer.Ordinal), jobs));
            if (candidates.Count > MaxCandidates)
            {
                candidates.RemoveAt(0);
            }

            return;
        }

        var learned = new LearnedCorrection(kind, new Dictionary<string, JsonNode>(settings, StringComparer.Ordinal), jobs);
        LearnedCorrection? replaced = null;
        if (current >= 0)
        {
            replaced = active[current];
            active.RemoveAt(current);
        }

        active.Add(learned);
        changes.Add(new LearningChange.Learned(learned, replaced));
    }

    private static bool SameSettings(IReadOnlyDictionary<string, JsonNode> a, IReadOnlyDictionary<string, JsonNode> b) =>
        LearningSettings.Key(a) == LearningSettings.Key(b);
}
