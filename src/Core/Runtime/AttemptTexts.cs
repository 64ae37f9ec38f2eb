using System.Globalization;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Core.Runtime;

/// <summary>
/// The texts both runtimes record for a job, spelled in one place so that checkpoint.json, the journal and the ASE rows
/// read the same whichever runtime wrote them: a failure (<c>Kind: message</c>) and a correction (<c>attempt N: change</c>).
/// </summary>
public static class AttemptTexts
{
    /// <summary>A failed attempt, e.g. <c>ScfNotConverged: convergence NOT achieved</c>.</summary>
    public static string Failure(FailureKind kind, string? message) => $"{kind}: {message}";

    /// <summary>The correction attempt <paramref name="attempt"/> runs with, e.g. <c>attempt 2: mixing_beta 0.7 -> 0.35</c>.</summary>
    public static string Correction(int attempt, string change) => string.Create(CultureInfo.InvariantCulture, $"attempt {attempt}: {change}");

    /// <summary>
    /// The change attempt <paramref name="attempt"/> ran with, read back from a job's <see cref="Correction"/> texts;
    /// null when it ran without one.
    /// </summary>
    public static string? ChangeFor(IEnumerable<string> corrections, int attempt)
    {
        ArgumentNullException.ThrowIfNull(corrections);
        var prefix = Correction(attempt, "");
        return corrections.FirstOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal)) is { } correction ? correction[prefix.Length..] : null;
    }

    /// <summary>The kind a <see cref="Failure"/> text names; <see cref="FailureKind.Crashed"/> for a text that names none.</summary>
    public static FailureKind FailureKindOf(string failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var colon = failure.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && Enum.TryParse<FailureKind>(failure[..colon], out var kind) ? kind : FailureKind.Crashed;
    }
}
