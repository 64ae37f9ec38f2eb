namespace AutoPipe.Core.Calculators.Espresso;

/// <summary>
/// Parameter keys that are not pw.x keywords: instructions from <see cref="EspressoCorrectionPolicy"/> to
/// <see cref="EspressoCalculator"/>, which turns them into pw.x keywords and files before the input is written. They
/// live in the same flat dictionary as the pw.x keywords so that a correction stays plain data (the same on both
/// runtimes, small in Temporal history).
/// </summary>
public static class EspressoParameterKeys
{
    /// <summary>
    /// <c>true</c>: start from the previous attempt's charge density. The calculator copies
    /// <c>out/pwscf.save</c> from <see cref="CalculationRequest.PreviousAttemptDirectory"/> and sets
    /// <c>startingpot='file'</c>; when the previous attempt left no charge density (it was killed early) the attempt
    /// starts from scratch instead.
    /// </summary>
    public const string RestartFromPrevious = "restart_from_previous";

    /// <summary>
    /// <c>true</c>: continue the previous attempt, which pw.x stopped at <c>max_seconds</c> after saving its state.
    /// The calculator copies the previous attempt's whole <c>out</c> folder (wavefunctions, mixing history, the SCF
    /// iteration and k-point reached) and sets <c>restart_mode='restart'</c>, so pw.x resumes the SCF where it stopped;
    /// when that state is missing it falls back to <see cref="RestartFromPrevious"/>.
    /// </summary>
    public const string ContinueFromPrevious = "continue_from_previous";

    /// <summary>The <c>diagonalization</c> values already tried and failed (a JSON array of strings).</summary>
    public const string DiagonalizationsTried = "diagonalizations_tried";

    /// <summary>
    /// A factor (&gt; 1) on the band count: <c>nbnd</c> when given, otherwise pw.x's own default for the structure,
    /// which only the calculator can compute (it needs the pseudopotentials' valence).
    /// </summary>
    public const string BandFactor = "nbnd_factor";

    /// <summary>Every reserved key.</summary>
    public static readonly IReadOnlyList<string> All = [RestartFromPrevious, ContinueFromPrevious, DiagonalizationsTried, BandFactor];

    /// <summary>Whether <paramref name="key"/> is one of the reserved keys (case-insensitive, like pw.x keywords).</summary>
    public static bool IsReserved(string key) => All.Any(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
}
