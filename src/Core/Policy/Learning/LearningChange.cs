namespace AutoPipe.Core.Policy.Learning;

/// <summary>What one finished calculation changed in what the campaign has learned.</summary>
public abstract record LearningChange
{
    private LearningChange()
    {
    }

    /// <summary>The campaign learned <paramref name="Correction"/> (replacing <paramref name="Replaced"/>, if any).</summary>
    /// <param name="Correction">What calculations not yet started now start with.</param>
    /// <param name="Replaced">The correction of the same failure it replaces, or null.</param>
    public sealed record Learned(LearnedCorrection Correction, LearnedCorrection? Replaced) : LearningChange;

    /// <summary>The campaign forgot <paramref name="Correction"/>: it failed in too many calculations in a row.</summary>
    /// <param name="Correction">What it forgot.</param>
    /// <param name="FailedIn">The calculations whose first attempt failed with it, the last one included.</param>
    public sealed record Forgotten(LearnedCorrection Correction, IReadOnlyList<string> FailedIn) : LearningChange;
}
