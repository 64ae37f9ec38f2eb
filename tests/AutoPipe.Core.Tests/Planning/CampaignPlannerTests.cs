using AutoPipe.Core.Input;
using AutoPipe.Core.Planning;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Tests.Support;

namespace AutoPipe.Core.Tests.Planning;

public class CampaignPlannerTests
{
    [Fact]
    public void Plan_JobCount_GeneratesFourDigitIdsInOrder()
    {
        var plan = CampaignPlanner.Plan(CampaignSpecReader.ReadFile(Examples.Path("uat-c6-001.campaign.json")));

        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"job-{i:D4}"), plan.Jobs.Select(j => j.JobId));
    }

    [Fact]
    public void Generated_ManyJobs_WidensToFit() => Assert.Equal("job-000042", JobIds.Generated(42, 100_000));

    [Fact]
    public void Plan_FramesWithJobIds_TakesThemAndGeneratesTheRest()
    {
        using var dir = new TempDir();
        var spec = Spec(dir, Frame("job_id=si-a") + Frame("") + Frame("job_id=si-c"));

        var plan = CampaignPlanner.Plan(spec);

        Assert.Equal(["si-a", "job-0002", "si-c"], plan.Jobs.Select(j => j.JobId));
    }

    [Theory]
    [InlineData("job_id=../evil", "frame 1: job id '../evil' is not safe as a folder name")]
    [InlineData("job_id=a/b", "frame 1: job id 'a/b' is not safe")]
    [InlineData("job_id=5", "frame 1: job_id must be a text")]
    public void Plan_UnsafeJobId_IsRefused(string info, string expected)
    {
        using var dir = new TempDir();

        var error = Assert.Throws<InputException>(() => CampaignPlanner.Plan(Spec(dir, Frame(info))));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_DuplicateJobIds_AreRefusedNamingBothFrames()
    {
        using var dir = new TempDir();

        var error = Assert.Throws<InputException>(() => CampaignPlanner.Plan(Spec(dir, Frame("job_id=x") + Frame("job_id=x"))));

        Assert.Contains("frame 2: job id 'x' is already used by frame 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_FailFirstAttemptsNamesUnknownJob_IsRefused()
    {
        var spec = CampaignSpecReader.Read("""{"name":"a","jobs":{"count":2},"calculator":{"kind":"mock","failFirstAttempts":{"job-0009":1}}}""", "/tmp", "x.json");

        var error = Assert.Throws<InputException>(() => CampaignPlanner.Plan(spec));

        Assert.Contains("calculator.failFirstAttempts.job-0009: no job has this id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_MissingPseudopotentialFile_IsRefusedNamingTheFile()
    {
        using var dir = new TempDir();
        File.Copy(Examples.Path("si-rattled.extxyz"), Path.Combine(dir.Path, "si.extxyz"));
        var spec = CampaignSpecReader.Read(
            """{"name":"a","structures":"si.extxyz","calculator":{"kind":"espresso","pseudoDir":"pp","pseudopotentials":{"Si":"Si.missing.UPF"}}}""",
            dir.Path, "x.json");

        var error = Assert.Throws<InputException>(() => CampaignPlanner.Plan(spec));

        Assert.Contains("Si.missing.UPF not found", error.Message, StringComparison.Ordinal);
    }

    private static string Frame(string info) => $"1\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3 {info}\nSi 0 0 0\n";

    private static CampaignSpec Spec(TempDir dir, string frames)
    {
        dir.File("s.extxyz", frames);
        return CampaignSpecReader.Read("""{"name":"a","structures":"s.extxyz","calculator":{"kind":"mock"}}""", dir.Path, "x.json");
    }
}
