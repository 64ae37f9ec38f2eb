using System.Text.Json;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Storage;

namespace AutoPipe.Core.Tests.Storage;

/// <summary>The one rule by which the report and the dashboard tell what a failed attempt came to.</summary>
public sealed class AttemptVerdictsTests
{
    private static readonly JsonSerializerOptions web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Of_AJobsAttempts_TellCorrectedRetriedAndGaveUpApart()
    {
        // Attempt 1 failed and attempt 2 ran with a correction; attempt 2 failed and attempt 3 ran unchanged; attempt 3 was the last.
        var job = new JobRecord { Sequence = 1, JobId = "job-0001", State = JobState.Failed, Attempts = 3, Corrections = [AttemptTexts.Correction(2, "mixing_beta 0.7 -> 0.35")] };

        Assert.Equal(
            [AttemptVerdict.Corrected, AttemptVerdict.Retried, AttemptVerdict.GaveUp],
            [AttemptVerdicts.Of(job, 1, AttemptEnd.Failed), AttemptVerdicts.Of(job, 2, AttemptEnd.Failed), AttemptVerdicts.Of(job, 3, AttemptEnd.Failed)]);
        Assert.Equal(AttemptVerdict.Interrupted, AttemptVerdicts.Of(job, 1, AttemptEnd.Interrupted));
        Assert.Equal("mixing_beta 0.7 -> 0.35", AttemptTexts.ChangeFor(job.Corrections, 2));
        Assert.Null(AttemptTexts.ChangeFor(job.Corrections, 3));
    }

    [Fact]
    public void Of_AJobStillRunning_ItsLatestFailureIsNotGivingUp()
    {
        var job = new JobRecord { Sequence = 2, JobId = "job-0002", State = JobState.Pending, Attempts = 2 };

        Assert.Equal(AttemptVerdict.Retried, AttemptVerdicts.Of(job, 2, AttemptEnd.Failed));
        Assert.Equal(AttemptVerdict.Completed, AttemptVerdicts.Of(job, 2, AttemptEnd.Completed));
    }

    [Fact]
    public void Json_IsTheLowerCaseNameTheDashboardPageKnows()
    {
        Assert.Equal("""["completed","corrected","retried","failed","interrupted"]""", JsonSerializer.Serialize(Enum.GetValues<AttemptVerdict>(), web));
    }
}
