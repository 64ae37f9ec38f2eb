using AutoPipe.Core.Input;
using AutoPipe.Core.Spec;
using AutoPipe.Worker.Calculators;

namespace AutoPipe.Worker.Tests.Calculators;

public class CalculatorConfigReaderTests
{
    [Fact]
    public void Read_MockAndEspresso_FollowsTheCampaignSpecRules()
    {
        var specs = CalculatorConfigReader.Read("""
            {"calculators": {
              "mock-fast": {"kind": "mock", "seconds": 0.5},
              "qe-pbe": {"kind": "espresso", "command": "mpirun -np 4 pw.x", "pseudoDir": "pseudo",
                         "pseudopotentials": {"Si": "Si.upf"}, "parameters": {"ecutwfc": 30, "mixing_beta": 0.7}}}}
            """, "/srv/autopipe", "calculators.json");

        Assert.Equal(["mock-fast", "qe-pbe"], specs.Keys);
        Assert.Equal(0.5, Assert.IsType<MockCalculatorSpec>(specs["mock-fast"]).Seconds);
        var qe = Assert.IsType<EspressoCalculatorSpec>(specs["qe-pbe"]);
        Assert.Equal("/srv/autopipe/pseudo", qe.PseudoDir);
        Assert.Equal("mpirun -np 4 pw.x", qe.Command);
    }

    [Fact]
    public void Read_Problems_AreAllReportedWithTheirPath()
    {
        var e = Assert.Throws<InputException>(() => CalculatorConfigReader.Read("""
            {"calculators": {"a": {"kind": "mock", "secnds": 1}, "b": {"kind": "vasp"}, "bad name": {"kind": "mock"}}, "extra": 1}
            """, "/srv", "calculators.json"));

        Assert.Contains(e.Problems, p => p.Contains("calculators.a.secnds", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("calculators.b.kind", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("calculators.bad name", StringComparison.Ordinal));
        Assert.Contains(e.Problems, p => p.Contains("extra: unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void RegistryCreate_KindWithoutPlugin_IsRefusedAtStartUp()
    {
        var specs = CalculatorConfigReader.Read("""
            {"calculators": {"qe": {"kind": "espresso", "pseudopotentials": {"Si": "Si.upf"}}}}
            """, "/srv", "calculators.json");

        var e = Assert.Throws<InputException>(() => CalculatorRegistry.Create(specs, new CalculatorPlugins(), TimeProvider.System));

        Assert.Contains("no plug-in for kind 'espresso'", e.Message, StringComparison.Ordinal);
    }
}
