using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Commands;

/// <summary>
/// The bad-input suite: every kind of invalid input is refused with exit code 2, names the field or the line at
/// fault, and writes nothing (no new working directory; an existing one left byte for byte as it was).
/// </summary>
public class BadInputSuiteTests
{
    private const string Mock = "\"calculator\":{\"kind\":\"mock\"}";

    [Theory]
    [InlineData("""{"name":"x","workers":"2","jobs":{"count":2},"calculator":{"kind":"mock"}}""", "workers: must be a whole number, got the string \"2\"")]
    [InlineData("""{"name":"x","workers":2.5,"jobs":{"count":2},"calculator":{"kind":"mock"}}""", "workers: must be a whole number, got the number 2.5")]
    [InlineData("""{"name":"x","jobs":{"count":"ten"},"calculator":{"kind":"mock"}}""", "jobs.count: must be a whole number, got the string \"ten\"")]
    [InlineData("""{"name":"x","jobs":{"count":2},"calculator":{"kind":"mock","seconds":"1"}}""", "calculator.seconds: must be a number, got the string \"1\"")]
    [InlineData("""{"name":7,"jobs":{"count":2},"calculator":{"kind":"mock"}}""", "name: must be a string, got the number 7")]
    [InlineData("""{"name":"x","jobs":[2],"calculator":{"kind":"mock"}}""", "jobs: must be an object, got an array")]
    [InlineData("""{"name":"x","jobs":{"count":2},"calculator":"mock"}""", "calculator: must be an object, got the string \"mock\"")]
    [InlineData("""{"name":"x","jobs":{"count":2},"calculator":{"kind":"mock"},"retry":{"maxAttempts":true}}""", "retry.maxAttempts: must be a whole number, got the boolean true")]
    [InlineData("""{"name":"x","jobs":{"count":2},"calculator":{"kind":"mock","failFirstAttempts":{"job-0001":"once"}}}""", "calculator.failFirstAttempts.job-0001: must be a whole number, got the string \"once\"")]
    [InlineData("""{"name":"x","jobs":{"count":2},"calculator":{"kind":"mock"},"retyr":{}}""", "retyr: unknown field; did you mean 'retry'?")]
    [InlineData("""["x"]""", "a campaign spec is a JSON object, got an array")]
    [InlineData("", "not valid JSON")]
    public void Run_SpecFieldOfTheWrongType_ExitsTwoNamingTheFieldAndWritesNothing(string json, string expected) =>
        AssertRefused(json, expected);

    [Theory]
    [InlineData("""{"name":"x","jobs":{"count":0},"calculator":{"kind":"mock"}}""", "jobs.count: must be between 1 and 10000000, got 0")]
    [InlineData("""{"name":"x","jobs":{"count":-5},"calculator":{"kind":"mock"}}""", "jobs.count: must be between 1 and 10000000, got -5")]
    [InlineData("""{"name":"x","jobs":{"count":10000001},"calculator":{"kind":"mock"}}""", "jobs.count: must be between 1 and 10000000, got 10000001")]
    [InlineData("""{"name":"x","workers":-1,"jobs":{"count":2},"calculator":{"kind":"mock"}}""", "workers: must be between 1 and 4096, got -1")]
    [InlineData("""{"name":"x","jobs":{"count":2},"calculator":{"kind":"mock","seconds":-1}}""", "calculator.seconds: must be at least 0, got -1")]
    [InlineData("""{"name":"x","jobs":{"count":2},"calculator":{"kind":"mock","failFirstAttempts":{"job-0001":-1}}}""", "calculator.failFirstAttempts.job-0001: must be at least 0, got -1")]
    [InlineData("""{"name":"x","jobs":{"count":2},"calculator":{"kind":"mock"},"retry":{"maxAttempts":0}}""", "retry.maxAttempts: must be between 1 and 1000, got 0")]
    [InlineData("""{"name":"x","jobs":{"count":2},"calculator":{"kind":"mock"},"retry":{"initialIntervalSeconds":-0.5}}""", "retry.initialIntervalSeconds: must be at least 0, got -0.5")]
    [InlineData("""{"name":"x","jobs":{"count":2},"calculator":{"kind":"mock"},"retry":{"maximumIntervalSeconds":-1}}""", "retry.maximumIntervalSeconds: must be at least 0, got -1")]
    public void Run_ZeroOrNegativeCount_ExitsTwoNamingTheFieldAndWritesNothing(string json, string expected) =>
        AssertRefused(json, expected);

    [Fact]
    public void Run_SeveralProblems_ReportsEveryOneAtOnce()
    {
        using var dir = new TempDir();
        var spec = dir.File("bad.json", """{"name":"no spaces","workers":0,"jobs":{"count":-1},"calculator":{"kind":"quantum"}}""");
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, _, stderr) = Cli.Run(30, "run", spec, "--workdir", workdir);

        Assert.Equal(2, exit);
        Assert.Contains("bad.json: name: 'no spaces' must be 1-100 letters", stderr, StringComparison.Ordinal);
        Assert.Contains("bad.json: workers: must be between 1 and 4096, got 0", stderr, StringComparison.Ordinal);
        Assert.Contains("bad.json: jobs.count: must be between 1 and 10000000, got -1", stderr, StringComparison.Ordinal);
        Assert.Contains("bad.json: calculator.kind: unknown calculator 'quantum' (known: mock, espresso)", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workdir));
    }

    [Theory]
    [InlineData("2\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\nSi 0 0 0\nXx 1 1 1\n", "s.extxyz line 4: unknown element 'Xx'")]
    [InlineData("3\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\nSi 0 0 0\nSi 1 1 1\n", "s.extxyz line 5: frame 1 declares 3 atoms (line 1) but has only 2")]
    [InlineData("1\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\nSi 0 0 0\nSi 1 1 1\n", "s.extxyz line 4: expected the number of atoms of frame 2, found 'Si 1 1 1'")]
    [InlineData("two\nLattice=\"3 0 0 0 3 0 0 0 3\"\nSi 0 0 0\nSi 1 1 1\n", "s.extxyz line 1: expected the number of atoms of frame 1, found 'two'")]
    [InlineData("1\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\nSi 0 0 zero\n", "s.extxyz line 3: column pos expects a number, found 'zero'")]
    [InlineData("1\nLattice=\"3 0 0 0 3 0 0 0\" Properties=species:S:1:pos:R:3\nSi 0 0 0\n", "s.extxyz line 2: Lattice must hold 9 numbers")]
    [InlineData("1\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3 pbc=\"T T\"\nSi 0 0 0\n", "s.extxyz line 2: pbc must hold three booleans")]
    [InlineData("1\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\nSi 0 0 0\n2\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\nSi 0 0 0\n", "s.extxyz line 7: frame 2 declares 2 atoms (line 4) but has only 1")]
    [InlineData("", "s.extxyz: no structures in the file")]
    public void Run_BadStructuresFile_ExitsTwoNamingFileAndLineAndWritesNothing(string extxyz, string expected)
    {
        using var dir = new TempDir();
        dir.File("s.extxyz", extxyz);
        var spec = dir.File("c.json", """{"name":"x","structures":"s.extxyz",""" + Mock + "}");
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, _, stderr) = Cli.Run(30, "run", spec, "--workdir", workdir);

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workdir));
    }

    [Fact]
    public void Run_MissingStructuresFile_ExitsTwoNamingTheFileAndWritesNothing()
    {
        using var dir = new TempDir();
        var spec = dir.File("c.json", """{"name":"x","structures":"missing.extxyz",""" + Mock + "}");
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, _, stderr) = Cli.Run(30, "run", spec, "--workdir", workdir);

        Assert.Equal(2, exit);
        Assert.Contains($"{Path.Combine(dir.Path, "missing.extxyz")}: structures file not found", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workdir));
    }

    [Fact]
    public void Run_NoSpecAndNoCampaignInWorkdir_ExitsTwoSayingSo()
    {
        using var dir = new TempDir();
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, _, stderr) = Cli.Run(30, "run", "--workdir", workdir);

        Assert.Equal(2, exit);
        Assert.Contains($"--workdir {workdir}: holds no campaign to resume; give a campaign spec to start one", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workdir));
    }

    [Fact]
    public void Run_WorkdirIsAFile_ExitsTwoSayingSo()
    {
        using var dir = new TempDir();
        var file = dir.File("work", "not a directory");
        var spec = dir.File("c.json", """{"name":"x","jobs":{"count":1},""" + Mock + "}");

        var (exit, _, stderr) = Cli.Run(30, "run", spec, "--workdir", file);

        Assert.Equal(2, exit);
        Assert.Contains($"--workdir {file}: is a file, not a directory", stderr, StringComparison.Ordinal);
        Assert.Equal("not a directory", File.ReadAllText(file));
    }

    [Theory]
    [InlineData("""{"name":"frozen","workers":2,"jobs":{"count":3},"calculator":{"kind":"mock"}}""", "workers: frozen 1, given 2")]
    [InlineData("""{"name":"frozen","jobs":{"count":3},"calculator":{"kind":"mock","seconds":0.5}}""", "calculator: frozen")]
    [InlineData("""{"name":"frozen","jobs":{"count":3},"calculator":{"kind":"mock"},"retry":{"maxAttempts":5}}""", "retry: frozen")]
    [InlineData("""{"name":"thawed","jobs":{"count":3},"calculator":{"kind":"mock"}}""", "name: frozen \"frozen\", given \"thawed\"")]
    public void Run_SpecDiffersFromTheFrozenOne_ExitsTwoNamingTheFieldAndLeavesTheDirectoryAsItWas(string changed, string expected)
    {
        using var dir = new TempDir();
        var workdir = Path.Combine(dir.Path, "work");
        var spec = dir.File("c.json", """{"name":"frozen","jobs":{"count":3},"calculator":{"kind":"mock"}}""");
        Assert.Equal(0, Cli.Run(60, "run", spec, "--workdir", workdir).Exit);
        var before = Snapshot(workdir);
        File.WriteAllText(spec, changed);

        var (exit, _, stderr) = Cli.Run(30, "run", spec, "--workdir", workdir);

        Assert.Equal(2, exit);
        Assert.Contains($"{workdir} holds a different campaign than the spec given", stderr, StringComparison.Ordinal);
        Assert.Contains("  " + expected, stderr, StringComparison.Ordinal);
        Assert.Contains($"autopipe run --workdir {workdir}", stderr, StringComparison.Ordinal);
        AssertUnchanged(before, workdir);
    }

    [Fact]
    public void Run_StructuresEditedSinceTheCampaignStarted_ExitsTwoAndLeavesTheDirectoryAsItWas()
    {
        using var dir = new TempDir();
        var workdir = Path.Combine(dir.Path, "work");
        var structures = dir.File("s.extxyz", "1\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\nSi 0 0 0\n");
        var spec = dir.File("c.json", """{"name":"x","structures":"s.extxyz",""" + Mock + "}");
        Assert.Equal(0, Cli.Run(60, "run", spec, "--workdir", workdir).Exit);
        var before = Snapshot(workdir);
        File.WriteAllText(structures, "1\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3\nSi 0 0 0.1\n");

        var (exit, _, stderr) = Cli.Run(30, "run", spec, "--workdir", workdir);

        Assert.Equal(2, exit);
        Assert.Contains($"structures: {structures} changed since the campaign started", stderr, StringComparison.Ordinal);
        AssertUnchanged(before, workdir);
    }

    /// <summary>Runs a spec that must be refused: exit 2, the field named, no working directory created.</summary>
    internal static void AssertRefused(string json, string expected)
    {
        using var dir = new TempDir();
        var spec = dir.File("bad.json", json);
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, _, stderr) = Cli.Run(30, "run", spec, "--workdir", workdir);

        Assert.Equal(2, exit);
        Assert.Contains("bad.json: " + expected, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workdir));
    }

    /// <summary>Every file of the directory, the lock's owner note included (a refused run does not name itself).</summary>
    private static Dictionary<string, byte[]> Snapshot(string workdir) =>
        Directory.EnumerateFiles(workdir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => f, File.ReadAllBytes);

    private static void AssertUnchanged(Dictionary<string, byte[]> before, string workdir)
    {
        var after = Snapshot(workdir);
        Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        Assert.All(before, f => Assert.True(f.Value.AsSpan().SequenceEqual(after[f.Key]), f.Key + " changed"));
    }
}
