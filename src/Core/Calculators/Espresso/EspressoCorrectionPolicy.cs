using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Nodes;
using AutoPipe.Core.Json;
using AutoPipe.Core.Policy;

namespace AutoPipe.Core.Calculators.Espresso;

/// <summary>
/// pw.x repairs as data, after aiida-quantumespresso's <c>PwBaseWorkChain</c> process handlers. Every step changes a
/// keyword that matters; when a ladder is exhausted the policy returns null so no failed run is repeated. Pure: the
/// next parameters follow from the failed ones alone (tried values are recorded in the parameters themselves).
/// <list type="bullet">
/// <item>SCF not converged: halve <c>mixing_beta</c>, double <c>electron_maxstep</c>, restart from the previous
/// charge density; from the second such step on also <c>mixing_mode='local-TF'</c>; stop below a beta of 0.05.</item>
/// <item>Diagonalization failed: the next untried of david, ppcg, paro, cg (all four exist in pw.x 6.7).</item>
/// <item>Timeout (killed at the limit): <c>max_seconds</c> at 90% of the attempt's limit so pw.x stops cleanly and
/// saves its state, and restart from the charge density if one was left. Killed again although it had
/// <c>max_seconds</c>: pw.x checks it only between SCF iterations, so an iteration or the final write outlasted the
/// room left; <c>max_seconds</c> goes down to 75%, then 60% of the limit; after that, give up (not even one iteration
/// fits: the run needs a longer limit). Not when pw.x stopped itself without progress (<see cref="NeedsLongerLimit"/>
/// in its message): less time would only make that worse.</item>
/// <item>Checkpointed (pw.x stopped itself at <c>max_seconds</c> after completing SCF iterations): continue from
/// its saved state with <c>restart_mode='restart'</c>, as often as the campaign's <c>retry.maxAttempts</c> allows
/// (aiida-quantumespresso's out-of-walltime handler); each attempt resumes at the iteration the last one reached,
/// so a calculation longer than the queue's time limit is done in pieces.</item>
/// <item>Too few bands: 20% more bands (<see cref="EspressoParameterKeys.BandFactor"/>), restart from the charge
/// density, at most twice the original count.</item>
/// </list>
/// </summary>
public sealed class EspressoCorrectionPolicy : ICorrectionPolicy
{
    /// <summary>pw.x 6.7's default <c>mixing_beta</c>.</summary>
    public const double DefaultMixingBeta = 0.7;

    /// <summary>pw.x 6.7's default <c>electron_maxstep</c>.</summary>
    public const int DefaultElectronMaxstep = 100;

    /// <summary>Below this <c>mixing_beta</c> a smaller one is not worth another run.</summary>
    public const double MinimumMixingBeta = 0.05;

    /// <summary><c>electron_maxstep</c> is doubled up to this.</summary>
    public const int MaximumElectronMaxstep = 1000;

    /// <summary>
    /// How a Timeout message of pw.x ends when pw.x stopped itself at <c>max_seconds</c> without progress (before an
    /// SCF iteration was completed, or with no saved state to continue from): more room before the limit cannot help.
    /// </summary>
    public const string NeedsLongerLimit = "the calculation needs a longer time limit";

    /// <summary>The share of the attempt's time limit given to pw.x as <c>max_seconds</c>.</summary>
    public const double MaxSecondsShare = 0.9;

    /// <summary>Each band correction multiplies the band count by this.</summary>
    public const double BandGrowth = 1.2;

    /// <summary>The band count is not grown beyond this factor of the original.</summary>
    public const double MaximumBandFactor = 2.0;

    /// <summary>The diagonalization ladder, fastest first and the slow but robust cg last (as aiida-quantumespresso).</summary>
    public static readonly IReadOnlyList<string> Diagonalizations = ["david", "ppcg", "paro", "cg"];

    /// <summary>The smaller shares <c>max_seconds</c> goes down to, in turn, when pw.x is killed although it had one.</summary>
    public static readonly IReadOnlyList<double> MaxSecondsSharesWhenKilledAgain = [0.75, 0.6];

    /// <summary>
    /// What a campaign may learn from these repairs: mixing, electron steps, the eigensolver and the band count change
    /// how the SCF gets there, never the converged answer. <c>max_seconds</c> and the restart flags belong to one
    /// calculation's history, and cutoffs, k-points, smearing and pseudopotentials are physics: never learned.
    /// </summary>
    private static readonly IReadOnlySet<string> Numerical = new[] { "mixing_beta", "mixing_mode", "electron_maxstep", "diagonalization", EspressoParameterKeys.BandFactor }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private readonly double timeoutSeconds;
    private readonly bool moreRoomWhenKilledAgain;

    /// <summary>Creates the policy for attempts limited to <paramref name="timeoutSeconds"/> (the spec's <c>timeoutSeconds</c>).</summary>
    /// <param name="timeoutSeconds">The attempt's time limit.</param>
    /// <param name="moreRoomWhenKilledAgain">
    /// Whether a calculation killed although it had <c>max_seconds</c> is given more room (75%, then 60% of the
    /// limit); false gives up at once, as workflows started before this repair existed must go on deciding.
    /// </param>
    public EspressoCorrectionPolicy(double timeoutSeconds = Spec.EspressoCalculatorSpec.DefaultTimeoutSeconds, bool moreRoomWhenKilledAgain = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeoutSeconds);
        this.timeoutSeconds = timeoutSeconds;
        this.moreRoomWhenKilledAgain = moreRoomWhenKilledAgain;
    }

    /// <inheritdoc/>
    public IReadOnlySet<string> NumericalKeys => Numerical;

    /// <inheritdoc/>
    public Correction? Correct(FailureKind kind, int failedAttempt, IReadOnlyDictionary<string, JsonNode> parameters) =>
        Correct(kind, failedAttempt, parameters, "");

    /// <inheritdoc/>
    public Correction? Correct(FailureKind kind, int failedAttempt, IReadOnlyDictionary<string, JsonNode> parameters, string message)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(message);
        var next = new ParameterSet(parameters);
        var changes = kind switch
        {
            FailureKind.ScfNotConverged => CorrectScf(next),
            FailureKind.DiagonalizationFailed => CorrectDiagonalization(next),
            FailureKind.Timeout => CorrectTimeout(next, stoppedWithoutProgress: message.Contains(NeedsLongerLimit, StringComparison.Ordinal)),
            FailureKind.Checkpointed => ContinueCheckpointed(next, failedAttempt),
            FailureKind.BandsTooFew => CorrectBands(next),
            _ => null,
        };
        return changes is null ? null : new Correction(next.ToDictionary(), string.Join(", ", changes));
    }

    private static List<string>? CorrectScf(ParameterSet next)
    {
        var beta = next.GetDouble("mixing_beta") ?? DefaultMixingBeta;
        var newBeta = Math.Round(beta * 0.5, 6);
        if (newBeta < MinimumMixingBeta)
        {
            return null;
        }

        var changes = new List<string>();
        // A first repair keeps the mixing mode; if the SCF still fails after a restart, Thomas-Fermi screening
        // (local-TF) is pw.x's advice for inhomogeneous systems.
        var restartedBefore = next.GetBoolean(EspressoParameterKeys.RestartFromPrevious) == true;
        var mode = next.GetString("mixing_mode") ?? "plain";
        if (restartedBefore && !string.Equals(mode, "local-TF", StringComparison.OrdinalIgnoreCase))
        {
            next.Set("mixing_mode", JsonValue.Create("local-TF"));
            changes.Add($"mixing_mode {mode} -> local-TF");
        }

        next.Set("mixing_beta", JsonValue.Create(newBeta));
        changes.Add($"mixing_beta {Format(beta)} -> {Format(newBeta)}");

        var maxstep = (int)(next.GetDouble("electron_maxstep") ?? DefaultElectronMaxstep);
        if (maxstep < MaximumElectronMaxstep)
        {
            var newMaxstep = Math.Min(2 * maxstep, MaximumElectronMaxstep);
            next.Set("electron_maxstep", JsonValue.Create(newMaxstep));
            changes.Add($"electron_maxstep {maxstep} -> {newMaxstep}");
        }

        AddRestart(next, changes);
        return changes;
    }

    private static List<string>? CorrectDiagonalization(ParameterSet next)
    {
        var current = (next.GetString("diagonalization") ?? "david").ToLowerInvariant();
        var tried = (next.Get(EspressoParameterKeys.DiagonalizationsTried) as JsonArray)?
            .Select(JsonNumbers.GetString).OfType<string>().Select(s => s.ToLowerInvariant()).ToList() ?? [];
        if (!tried.Contains(current))
        {
            tried.Add(current);
        }

        var untried = Diagonalizations.FirstOrDefault(d => !tried.Contains(d));
        if (untried is null)
        {
            return null;
        }

        next.Set("diagonalization", JsonValue.Create(untried));
        next.Set(EspressoParameterKeys.DiagonalizationsTried, new JsonArray(tried.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()));
        return [$"diagonalization {current} -> {untried}"];
    }

    private List<string>? CorrectTimeout(ParameterSet next, bool stoppedWithoutProgress)
    {
        var restart = next.GetBoolean(EspressoParameterKeys.RestartFromPrevious) == true;
        var changes = new List<string>();
        LowerMaxSeconds(next, changes);
        if (changes.Count == 0 && moreRoomWhenKilledAgain && !stoppedWithoutProgress)
        {
            LowerMaxSecondsAgain(next, changes);
        }

        if (!restart)
        {
            AddRestart(next, changes);
        }

        return changes.Count > 0 ? changes : null;
    }

    /// <summary>
    /// Gives pw.x more room to stop and save before the limit: <c>max_seconds</c> to the next of
    /// <see cref="MaxSecondsSharesWhenKilledAgain"/> below it; nothing once the smallest is reached.
    /// </summary>
    private void LowerMaxSecondsAgain(ParameterSet next, List<string> changes)
    {
        var maxSeconds = next.GetDouble("max_seconds");
        foreach (var share in MaxSecondsSharesWhenKilledAgain)
        {
            var target = Math.Max(1, Math.Floor(timeoutSeconds * share));
            if (maxSeconds is { } current && target < current)
            {
                next.Set("max_seconds", JsonValue.Create(target));
                changes.Add($"max_seconds {Format(current)} -> {Format(target)} (killed although it had max_seconds: more room to stop and save)");
                return;
            }
        }
    }

    private List<string> ContinueCheckpointed(ParameterSet next, int failedAttempt)
    {
        var changes = new List<string>();
        LowerMaxSeconds(next, changes);
        next.Set(EspressoParameterKeys.ContinueFromPrevious, JsonValue.Create(true));
        changes.Add($"continue from the state saved by attempt {failedAttempt.ToString(CultureInfo.InvariantCulture)} (restart_mode='restart')");
        return changes;
    }

    /// <summary>Sets <c>max_seconds</c> to <see cref="MaxSecondsShare"/> of the attempt's limit unless it is already at or below it.</summary>
    private void LowerMaxSeconds(ParameterSet next, List<string> changes)
    {
        var target = Math.Max(1, Math.Floor(timeoutSeconds * MaxSecondsShare));
        var maxSeconds = next.GetDouble("max_seconds");
        if (maxSeconds is null || maxSeconds > target)
        {
            next.Set("max_seconds", JsonValue.Create(target));
            changes.Add($"max_seconds {(maxSeconds is null ? "unset" : Format(maxSeconds.Value))} -> {Format(target)}");
        }
    }

    private static List<string>? CorrectBands(ParameterSet next)
    {
        var factor = next.GetDouble(EspressoParameterKeys.BandFactor) ?? 1.0;
        var newFactor = Math.Round(factor * BandGrowth, 6);
        if (newFactor > MaximumBandFactor + 1e-9)
        {
            return null;
        }

        next.Set(EspressoParameterKeys.BandFactor, JsonValue.Create(newFactor));
        var basis = next.Get("nbnd") is { } nbnd ? $"nbnd {nbnd.ToJsonString()}" : "pw.x's default nbnd";
        var changes = new List<string> { $"bands x{Format(factor)} -> x{Format(newFactor)} of {basis}" };
        AddRestart(next, changes);
        return changes;
    }

    private static void AddRestart(ParameterSet next, List<string> changes)
    {
        if (next.GetBoolean(EspressoParameterKeys.RestartFromPrevious) != true)
        {
            next.Set(EspressoParameterKeys.RestartFromPrevious, JsonValue.Create(true));
        }

        changes.Add("restart from previous charge density");
    }

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A copy of the parameters that looks keys up case-insensitively (as pw.x does) and keeps their spelling.</summary>
    private sealed class ParameterSet
    {
        private readonly List<KeyValuePair<string, JsonNode>> entries;

        public ParameterSet(IReadOnlyDictionary<string, JsonNode> parameters)
        {
            entries = parameters.Select(p => KeyValuePair.Create(p.Key, p.Value.DeepClone())).ToList();
        }

        public JsonNode? Get(string key) => entries.FirstOrDefault(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

        public double? GetDouble(string key) => JsonNumbers.TryGetDouble(Get(key), out var value) ? value : null;

        public string? GetString(string key) => JsonNumbers.GetString(Get(key));

        public bool? GetBoolean(string key) => JsonNumbers.GetBoolean(Get(key));

        public void Set(string key, JsonNode value)
        {
            var index = entries.FindIndex(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                entries[index] = KeyValuePair.Create(entries[index].Key, value);
            }
            else
            {
                entries.Add(KeyValuePair.Create(key, value));
            }
        }

        public Dictionary<string, JsonNode> ToDictionary() => entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }
}
