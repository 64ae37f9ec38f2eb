using AutoPipe.Core.Input;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Tests.Spec;

public class ExecutorSpecReaderTests
{
    private const string Base = "\"name\":\"a\",\"jobs\":{\"count\":1},\"calculator\":{\"kind\":\"mock\"}";

    [Fact]
    public void Read_NoExecutor_IsLocalAndCanonicalTextHasNoExecutor()
    {
        var spec = CampaignSpecReader.Read("{" + Base + "}", "/tmp", "x.json");

        Assert.Same(LocalExecutorSpec.Instance, spec.Executor);
        Assert.DoesNotContain("executor", CampaignSpecJson.Write(spec).ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_LocalExecutor_MeansTheSameCampaignAsNone()
    {
        var local = CampaignSpecReader.Read("{" + Base + ""","executor":{"kind":"local"}}""", "/tmp", "x.json");
        var none = CampaignSpecReader.Read("{" + Base + "}", "/tmp", "x.json");

        Assert.Equal(CampaignSpecJson.Write(none).ToJsonString(), CampaignSpecJson.Write(local).ToJsonString());
    }

    [Theory]
    [InlineData("""{"kind":"pbs"}""", "x.json: executor.kind: unknown executor 'pbs' (known: local, slurm)")]
    [InlineData("""{}""", "x.json: executor.kind: is required")]
    [InlineData("""{"kind":"slurm","timeLimit":"1 hour"}""", "x.json: executor.timeLimit: '1 hour' is not a Slurm time")]
    [InlineData("""{"kind":"slurm","memory":"8GB"}""", "x.json: executor.memory: '8GB' is not a Slurm memory size")]
    [InlineData("""{"kind":"slurm","nodes":0}""", "x.json: executor.nodes: must be between 1 and 100000, got 0")]
    [InlineData("""{"kind":"slurm","ntasks":"4"}""", "x.json: executor.ntasks: must be a whole number, got the string \"4\"")]
    [InlineData("""{"kind":"slurm","cpusPerTask":0}""", "x.json: executor.cpusPerTask: must be between 1")]
    [InlineData("""{"kind":"slurm","maxSubmitted":0}""", "x.json: executor.maxSubmitted: must be between 1")]
    [InlineData("""{"kind":"slurm","pollSeconds":0}""", "x.json: executor.pollSeconds: must be at least 0.1, got 0")]
    [InlineData("""{"kind":"slurm","groupSize":0}""", "x.json: executor.groupSize: must be between 1")]
    [InlineData("""{"kind":"slurm","partition":"a b"}""", "x.json: executor.partition: 'a b' must be 1-200 letters")]
    [InlineData("""{"kind":"slurm","extraOptions":"--exclusive"}""", "x.json: executor.extraOptions: must be an array of sbatch options")]
    [InlineData("""{"kind":"slurm","extraOptions":["exclusive"]}""", "x.json: executor.extraOptions[0]: must be one sbatch option on one line")]
    [InlineData("""{"kind":"slurm","partiton":"debug"}""", "x.json: executor.partiton: unknown field; did you mean 'partition'?")]
    [InlineData("\"slurm\"", "x.json: executor: must be an object, got the string \"slurm\"")]
    public void Read_InvalidExecutor_NamesTheField(string executor, string expected)
    {
        var error = Assert.Throws<InputException>(() => CampaignSpecReader.Read("{" + Base + ",\"executor\":" + executor + "}", "/tmp", "x.json"));

        Assert.Contains(error.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SeveralExecutorProblems_ReportsThemAll()
    {
        var error = Assert.Throws<InputException>(() => CampaignSpecReader.Read(
            "{" + Base + ""","executor":{"kind":"slurm","nodes":0,"memory":"lots","timeLimit":"soon"}}""", "/tmp", "x.json"));

        Assert.Contains(error.Problems, p => p.Contains("executor.nodes", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("executor.memory", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("executor.timeLimit", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_FullSlurmExecutor_ReadsEveryFieldAndCanonicalTextRoundTrips()
    {
        var spec = CampaignSpecReader.Read("{" + Base + """
            ,"executor":{"kind":"slurm","partition":"debug","account":"proj42","qos":"normal","timeLimit":"01:00:00",
              "nodes":1,"ntasks":4,"cpusPerTask":1,"memory":"8G","extraOptions":["--constraint=cpu"],
              "maxSubmitted":50,"pollSeconds":10,"groupSize":1}}
            """, "/tmp", "x.json");

        var slurm = Assert.IsType<SlurmExecutorSpec>(spec.Executor);
        Assert.Equal(("debug", "proj42", "normal", "01:00:00", "8G"), (slurm.Partition, slurm.Account, slurm.Qos, slurm.TimeLimit, slurm.Memory));
        Assert.Equal((1, 4, 1, 50, 10.0, 1), (slurm.Nodes!.Value, slurm.Ntasks!.Value, slurm.CpusPerTask!.Value, slurm.MaxSubmitted, slurm.PollSeconds, slurm.GroupSize));
        Assert.Equal(["--constraint=cpu"], slurm.ExtraOptions);
        var again = CampaignSpecReader.Read(CampaignSpecJson.Write(spec).ToJsonString(), "/", "frozen");
        Assert.Equal(CampaignSpecJson.Write(spec).ToJsonString(), CampaignSpecJson.Write(again).ToJsonString());
    }
}
