using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Slurm;

public class SlurmBadInputTests
{
    [Fact]
    public void Run_SlurmExecutorWithoutSbatchOnPath_ExitsTwoSayingSoAndWritesNothing()
    {
        using var dir = new TempDir();
        var spec = SlurmSpecs.Mock(dir, "nosbatch", jobs: 1, seconds: 0, maxSubmitted: 1);
        var workdir = Path.Combine(dir.Path, "work");
        var emptyPath = Directory.CreateDirectory(Path.Combine(dir.Path, "empty-path")).FullName;

        var (exit, _, stderr) = Cli.Run(30, new Dictionary<string, string> { ["PATH"] = emptyPath }, "run", spec, "--workdir", workdir);

        Assert.Equal(2, exit);
        Assert.Contains("nosbatch.json: executor.kind: slurm needs Slurm's sbatch", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workdir));
    }

    [Fact]
    public void Run_InvalidSlurmField_ExitsTwoNamingItAndWritesNothing()
    {
        using var dir = new TempDir();
        var spec = SlurmSpecs.Mock(dir, "badtime", jobs: 1, seconds: 0, maxSubmitted: 1, executor: ""","timeLimit":"an hour" """);
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, _, stderr) = Cli.Run(30, "run", spec, "--workdir", workdir);

        Assert.Equal(2, exit);
        Assert.Contains("badtime.json: executor.timeLimit: 'an hour' is not a Slurm time", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workdir));
    }

    [SlurmFact]
    public void Run_SlurmExecutorWithTemporal_ExitsTwoPointingToThePilotJob()
    {
        using var dir = new TempDir();
        var spec = SlurmSpecs.Mock(dir, "ontemporal", jobs: 1, seconds: 0, maxSubmitted: 1);
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, _, stderr) = Cli.Run(30, "run", spec, "--workdir", workdir, "--temporal", "127.0.0.1:1");

        Assert.Equal(2, exit);
        Assert.Contains("deploy/slurm/autopipe-worker.sbatch", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workdir));
    }
}
