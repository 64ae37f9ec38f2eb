using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Commands;

public class BadInputTests
{
    [Theory]
    [InlineData("""{"name":"x","workers":0,"jobs":{"count":2},"calculator":{"kind":"mock"}}""", "workers: must be between 1 and 4096, got 0")]
    [InlineData("""{"name":"x","jobs":{"count":2},"calculator":{"kind":"quantum"}}""", "calculator.kind: unknown calculator 'quantum'")]
    [InlineData("""{"name":"x","jobs":{"count":2},"calculator":{"kind":"mock"},"retry":{"backoffCoefficient":0.5}}""", "retry.backoffCoefficient: must be at least 1")]
    [InlineData("""{"name":"x" "jobs":{}}""", "not valid JSON")]
    public void Run_InvalidSpec_ExitsTwoNamingTheFieldAndWritesNothing(string json, string expected) =>
        BadInputSuiteTests.AssertRefused(json, expected);

    [Fact]
    public void Run_StructuresWithShortLine_ExitsTwoNamingFileAndLine()
    {
        using var dir = new TempDir();
        dir.File("s.extxyz", "2\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\nSi 0 0 0\nSi 1.5 1.5\n");
        var spec = dir.File("c.json", """{"name":"x","structures":"s.extxyz","calculator":{"kind":"mock"}}""");

        var (exit, _, stderr) = Cli.Run(30, "run", spec, "--workdir", Path.Combine(dir.Path, "work"));

        Assert.Equal(2, exit);
        Assert.Contains("s.extxyz line 4: expected 4 columns", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "work")));
    }

    [Fact]
    public void Run_DifferentSpecOnExistingDirectory_ExitsTwoAndLeavesItUntouched()
    {
        using var dir = new TempDir();
        var workdir = Path.Combine(dir.Path, "work");
        Assert.Equal(0, Cli.Run(60, "run", Specs.Mock(dir, "same", jobs: 2, workers: 1, seconds: 0), "--workdir", workdir).Exit);
        var files = new[] { "checkpoint.json", "state.db", "results.db", "campaign.json" }.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(workdir, f)));
        var other = Specs.Mock(dir, "same", jobs: 3, workers: 1, seconds: 0);

        var (exit, _, stderr) = Cli.Run(30, "run", other, "--workdir", workdir);

        Assert.Equal(2, exit);
        Assert.Contains("holds a different campaign than the spec given", stderr, StringComparison.Ordinal);
        Assert.Contains("jobs: frozen {\"count\":2}, given {\"count\":3}", stderr, StringComparison.Ordinal);
        Assert.All(files, f => Assert.Equal(f.Value, File.ReadAllBytes(Path.Combine(workdir, f.Key))));
    }

    [Fact]
    public void Run_MissingSpecFile_ExitsTwo()
    {
        using var dir = new TempDir();

        var (exit, _, stderr) = Cli.Run(30, "run", Path.Combine(dir.Path, "nope.json"), "--workdir", Path.Combine(dir.Path, "w"));

        Assert.Equal(2, exit);
        Assert.Contains("nope.json: campaign spec not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownOption_ExitsTwoWithUsageHint()
    {
        var (exit, _, stderr) = Cli.Run(30, "run", "x.json", "--workdir", "w", "--frobnicate");

        Assert.Equal(2, exit);
        Assert.Contains("--frobnicate", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_ListsExitCodes()
    {
        var (exit, stdout, _) = Cli.Run(30, "run", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("2    invalid input", stdout, StringComparison.Ordinal);
        Assert.Contains("--workdir", stdout, StringComparison.Ordinal);
    }
}
