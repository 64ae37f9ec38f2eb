using AutoPipe.Core.Input;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Tests.Support;

namespace AutoPipe.Core.Tests.Spec;

public class CampaignSpecReaderTests
{
    [Theory]
    [InlineData("uat-c6-001.campaign.json")]
    [InlineData("uat-c6-002.campaign.json")]
    [InlineData("uat-c6-003.campaign.json")]
    [InlineData("si-bulk.campaign.json")]
    public void ReadFile_SharedExamples_AreAcceptedUnchanged(string name)
    {
        var spec = CampaignSpecReader.ReadFile(Examples.Path(name));

        Assert.Equal(name.Replace(".campaign.json", "", StringComparison.Ordinal), spec.Name);
    }

    [Fact]
    public void ReadFile_SiBulk_ResolvesPathsAgainstTheSpecFolder()
    {
        var spec = CampaignSpecReader.ReadFile(Examples.Path("si-bulk.campaign.json"));

        Assert.Equal(Examples.Path("si-rattled.extxyz"), spec.StructuresPath);
        var espresso = Assert.IsType<EspressoCalculatorSpec>(spec.Calculator);
        Assert.Equal(Examples.Path("pseudo"), espresso.PseudoDir);
        Assert.Equal([4, 4, 4], espresso.Kpts!);
        Assert.Equal(20, espresso.Parameters["ecutwfc"].GetValue<int>());
    }

    [Fact]
    public void ReadFile_Uat003_ReadsRetryAndFailures()
    {
        var spec = CampaignSpecReader.ReadFile(Examples.Path("uat-c6-003.campaign.json"));

        Assert.Equal(new RetryOptions(3, 0.5, 2, RetryOptions.DefaultMaximumIntervalSeconds), spec.Retry);
        var mock = Assert.IsType<MockCalculatorSpec>(spec.Calculator);
        Assert.Equal(99, mock.FailFirstAttempts["job-0004"]);
    }

    [Theory]
    [InlineData("{", "x.json: not valid JSON")]
    [InlineData("[]", "x.json: a campaign spec is a JSON object")]
    [InlineData("""{"name":"a","workers":0,"jobs":{"count":1},"calculator":{"kind":"mock"}}""", "x.json: workers: must be between 1 and 4096, got 0")]
    [InlineData("""{"name":"a","workers":"2","jobs":{"count":1},"calculator":{"kind":"mock"}}""", "x.json: workers: must be a whole number, got the string \"2\"")]
    [InlineData("""{"name":"a","jobs":{"count":-3},"calculator":{"kind":"mock"}}""", "x.json: jobs.count: must be between 1")]
    [InlineData("""{"name":"a","jobs":{"count":1},"calculator":{"kind":"vasp"}}""", "x.json: calculator.kind: unknown calculator 'vasp'")]
    [InlineData("""{"name":"a","jobs":{"count":1},"calculator":{"kind":"mock","seconds":-1}}""", "x.json: calculator.seconds: must be at least 0")]
    [InlineData("""{"name":"a","jobs":{"count":1},"calculator":{"kind":"mock"},"retry":{"maxAttempts":0}}""", "x.json: retry.maxAttempts: must be between 1 and 1000, got 0")]
    [InlineData("""{"name":"a","jobs":{"count":1},"calculator":{"kind":"mock"},"worker":2}""", "x.json: worker: unknown field; did you mean 'workers'?")]
    [InlineData("""{"name":"a/b","jobs":{"count":1},"calculator":{"kind":"mock"}}""", "x.json: name: 'a/b' must be")]
    [InlineData("""{"name":"a","calculator":{"kind":"mock"}}""", "x.json: structures: is required")]
    [InlineData("""{"jobs":{"count":1},"calculator":{"kind":"mock"}}""", "x.json: name: is required")]
    public void Read_InvalidSpec_NamesTheField(string json, string expected)
    {
        var error = Assert.Throws<InputException>(() => CampaignSpecReader.Read(json, "/tmp", "x.json"));

        Assert.Contains(error.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SeveralProblems_ReportsThemAll()
    {
        var error = Assert.Throws<InputException>(() => CampaignSpecReader.Read(
            """{"name":"a","workers":-1,"jobs":{"count":0},"calculator":{"kind":"mock","seconds":"x"}}""", "/tmp", "x.json"));

        Assert.Equal(3, error.Problems.Count);
    }

    [Fact]
    public void CanonicalJson_IsItselfAValidSpecMeaningTheSame()
    {
        var spec = CampaignSpecReader.ReadFile(Examples.Path("si-bulk.campaign.json"));

        var again = CampaignSpecReader.Read(CampaignSpecJson.Write(spec).ToJsonString(), "/", "frozen");

        Assert.Equal(CampaignSpecJson.Write(spec).ToJsonString(), CampaignSpecJson.Write(again).ToJsonString());
    }
}
