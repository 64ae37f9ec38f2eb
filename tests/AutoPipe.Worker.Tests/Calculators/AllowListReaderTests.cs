using AutoPipe.Core.Calculators;
using AutoPipe.Core.Input;
using AutoPipe.Worker.Calculators;

namespace AutoPipe.Worker.Tests.Calculators;

public sealed class AllowListReaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("autopipe-allow-list").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Read_MinimalEntries_AreComplete()
    {
        Directory.CreateDirectory(Path.Combine(folder, "pseudo"));

        var grants = AllowListReader.Read("""
            {"calculators": {
              "mock": {"kind": "mock"},
              "qe": {"kind": "espresso", "command": "mpirun -np 4 pw.x", "pseudoDir": "pseudo", "maxTimeoutSeconds": 7200},
              "qe-default": {"kind": "espresso", "pseudoDir": "pseudo"}}}
            """, folder, "calculators.json");

        Assert.Equal(["mock", "qe", "qe-default"], grants.Keys);
        Assert.Equal(new CalculatorGrant("mock"), grants["mock"]);
        Assert.Equal(new CalculatorGrant("espresso", "mpirun -np 4 pw.x", Path.Combine(folder, "pseudo"), 7200), grants["qe"]);
        Assert.Equal("pw.x", grants["qe-default"].Command);
    }

    [Fact]
    public void Read_Problems_AreAllReportedWithTheirPath()
    {
        var e = Assert.Throws<InputException>(() => AllowListReader.Read("""
            {"calculators": {"a": {"kind": "mock", "seconds": 1}, "b": {"kind": "espresso"}, "c": {"kind": "espresso", "pseudoDir": "nowhere"},
                             "bad name": {"kind": "mock"}, "d": {}}, "extra": 1}
            """, folder, "calculators.json"));

        Assert.Contains(e.Problems, p => p.StartsWith("calculators.json: calculators.a.seconds: unknown field", StringComparison.Ordinal) && p.Contains("come with the campaign", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.StartsWith("calculators.json: calculators.b.pseudoDir: is required", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains($"calculators.c.pseudoDir: {Path.Combine(folder, "nowhere")} does not exist", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("calculators.bad name", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("calculators.d.kind: is required", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("extra: unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void AllowListCreate_KindWithoutPlugin_IsRefusedAtStartUp()
    {
        var e = Assert.Throws<InputException>(() => CalculatorAllowList.Create(
            new Dictionary<string, CalculatorGrant> { ["qe"] = new("espresso", "pw.x", folder) }, new CalculatorPlugins(), TimeProvider.System));

        Assert.Contains("no plug-in for kind 'espresso'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltInGrants_WithoutAnAllowList_AreTheMockOnly()
    {
        var allowList = CalculatorAllowList.Create(CalculatorAllowList.BuiltInGrants, CalculatorPlugins.Default, TimeProvider.System);

        Assert.Equal(["mock"], allowList.Names);
    }
}
