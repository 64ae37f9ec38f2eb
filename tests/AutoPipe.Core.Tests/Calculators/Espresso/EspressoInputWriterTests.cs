using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Espresso;
using static AutoPipe.Core.Tests.Calculators.Espresso.EspressoTestEnvironment;

namespace AutoPipe.Core.Tests.Calculators.Espresso;

public class EspressoInputWriterTests
{
    private static readonly Dictionary<string, string> pseudos = new() { ["Si"] = "Si.pz-vbc.UPF" };

    private static string Write(Dictionary<string, JsonNode> parameters, int[]? kpts = null) =>
        EspressoInputWriter.Write(Silicon(), parameters, kpts, pseudos, "/pseudo");

    private static List<string> Namelist(string text, string name)
    {
        var lines = text.Split('\n');
        var start = Array.IndexOf(lines, "&" + name);
        Assert.True(start >= 0, $"&{name} missing in:\n{text}");
        return lines.Skip(start + 1).TakeWhile(l => l != "/").Select(l => l.Trim()).ToList();
    }

    [Fact]
    public void Write_FlatKeywords_LandInAseNamelistsInAseOrder()
    {
        var text = Write(Parameters(
            ("mixing_beta", 0.7), ("ecutwfc", 20), ("conv_thr", 1e-8), ("max_seconds", 100),
            ("occupations", "smearing"), ("starting_magnetization(1)", 0.5), ("diagonalization", "cg"), ("press", 1.0)));

        Assert.Equal(
            ["calculation      = 'scf'", "tstress          = .true.", "tprnfor          = .true.", "outdir           = './out'",
             "prefix           = 'pwscf'", "max_seconds      = 100", "pseudo_dir       = '/pseudo'"],
            Namelist(text, "CONTROL"));
        Assert.Equal(
            ["starting_magnetization(1) = 0.5", "ecutwfc          = 20", "occupations      = 'smearing'", "ntyp             = 1", "nat              = 2", "ibrav            = 0"],
            Namelist(text, "SYSTEM"));
        Assert.Equal(["conv_thr         = 1E-08", "mixing_beta      = 0.7", "diagonalization  = 'cg'"], Namelist(text, "ELECTRONS"));
        Assert.Equal(["press            = 1"], Namelist(text, "CELL"));
        Assert.DoesNotContain("&IONS", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Structure_SpeciesWithAseMassCellAndPositionsInAngstrom()
    {
        var text = Write(Parameters(("ecutwfc", 20)), [2, 3, 4]);

        Assert.Contains("ATOMIC_SPECIES\nSi 28.085 Si.pz-vbc.UPF\n", text, StringComparison.Ordinal);
        Assert.Contains("K_POINTS automatic\n2 3 4  0 0 0\n", text, StringComparison.Ordinal);
        Assert.Contains("CELL_PARAMETERS angstrom\n0.00000000000000 2.71500000000000 2.71500000000000\n", text, StringComparison.Ordinal);
        Assert.Contains("ATOMIC_POSITIONS angstrom\nSi -0.0699906200 0.0137072200 0.0461214300\nSi 1.3474025600 1.3967528300 1.3780687500\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_NoKpts_GammaPoint()
    {
        Assert.Contains("K_POINTS gamma\n", Write(Parameters(("ecutwfc", 20))), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_BooleansAndQuotes_FortranLiterals()
    {
        var system = Namelist(Write(Parameters(("nosym", true), ("noinv", false), ("input_dft", "it's"))), "SYSTEM");
        Assert.Contains("nosym            = .true.", system);
        Assert.Contains("noinv            = .false.", system);
        Assert.Contains("input_dft        = 'it''s'", system);
    }

    [Theory]
    [InlineData("ecutwfcc")]
    [InlineData("restart_from_previous")]
    public void Write_UnknownKeyword_InputError(string key)
    {
        var error = Assert.Throws<CalculationFailedException>(() => Write(Parameters(("ecutwfc", 20), (key, 1))));
        Assert.Equal(FailureKind.InputError, error.Kind);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("calculation", "relax")]
    [InlineData("outdir", "/tmp")]
    [InlineData("nat", "3")]
    [InlineData("pseudo_dir", "/elsewhere")]
    public void Write_ManagedKeywordChanged_InputError(string key, string value)
    {
        var error = Assert.Throws<CalculationFailedException>(() => Write(Parameters((key, value))));
        Assert.Equal(FailureKind.InputError, error.Kind);
    }

    [Fact]
    public void Write_ManagedKeywordWithSameValue_Accepted()
    {
        Assert.Contains("calculation      = 'scf'", Write(Parameters(("calculation", "scf"), ("tprnfor", true))), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ElementWithoutPseudopotential_InputError()
    {
        var error = Assert.Throws<CalculationFailedException>(
            () => EspressoInputWriter.Write(Silicon(), Parameters(("ecutwfc", 20)), null, new Dictionary<string, string> { ["Ge"] = "Ge.UPF" }, "/pseudo"));
        Assert.Equal(FailureKind.InputError, error.Kind);
    }
}
