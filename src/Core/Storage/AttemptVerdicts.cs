using AutoPipe.Core.Runtime;

namespace AutoPipe.Core.Storage;

/// <summary>Tells an attempt's <see cref="AttemptVerdict"/> from the journal, the one rule the report and the dashboard share.</summary>
public static class AttemptVerdicts
{
    /// <summary>What attempt <paramref name="attempt"/> of <paramref name="job"/> (as the journal holds it now), which ended <paramref name="end"/>, came to.</summary>
    public static AttemptVerdict Of(JobRecord job, int attempt, AttemptEnd end)
    {
        ArgumentNullException.ThrowIfNull(job);
        return end switch
        {
            AttemptEnd.Completed => AttemptVerdict.Completed,
            AttemptEnd.Interrupted => AttemptVerdict.Interrupted,
            _ when job.State == JobState.Failed && attempt == job.Attempts => AttemptVerdict.GaveUp,
            _ when AttemptTexts.ChangeFor(job.Corrections, attempt + 1) != null => AttemptVerdict.Corrected,
            _ => AttemptVerdict.Retried,
        };
    }

    /// <summary>True for the verdicts of a failed attempt.</summary>
    public static bool IsFailure(this AttemptVerdict verdict) => verdict is AttemptVerdict.Corrected or AttemptVerdict.Retried or AttemptVerdict.GaveUp;
}
