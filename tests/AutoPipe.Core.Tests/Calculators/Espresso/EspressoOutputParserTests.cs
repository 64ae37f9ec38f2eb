using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Espresso;
using static AutoPipe.Core.Tests.Calculators.Espresso.EspressoTestEnvironment;

namespace AutoPipe.Core.Tests.Calculators.Espresso;

public class EspressoOutputParserTests
{
    private const double Ry = EspressoUnits.Rydberg;
    private const double Bohr = EspressoUnits.Bohr;

    private static EspressoOutput ParseData(string name) => EspressoOutputParser.ParseFile(DataPath(name));

    [Fact]
    public void Parse_Converged_EnergyForcesStressInAseUnitsAndSign()
    {
        var output = ParseData("converged.pwo");

        Assert.Null(output.Failure);
        Assert.True(output.JobDone);
        Assert.Equal(7, output.ScfIteration);
        AssertRelative(-15.65445507 * Ry, output.Energy!.Value, 1e-14, "energy");
        Assert.Equal(2, output.Forces!.Length);
        AssertRelative(0.04022216 * Ry / Bohr, output.Forces[0][0], 1e-14, "fx");
        AssertRelative(0.01900026 * Ry / Bohr, output.Forces[1][2], 1e-14, "fz");
        var toAse = -Ry / (Bohr * Bohr * Bohr);
        double[] voigt = [0.00035138, 0.00036579, 0.00036578, -0.00016699, -0.00007796, 0.00007797];
        for (var k = 0; k < 6; k++)
        {
            AssertRelative(voigt[k] * toAse, output.Stress![k], 1e-14, $"stress[{k}]");
        }
    }

    [Fact]
    public void Parse_Converged_RunInfoForProvenance()
    {
        var run = ParseData("converged.pwo").Run!;

        Assert.Equal("PWSCF", run.Program);
        Assert.Equal("v.6.7MaX", run.Version);
        Assert.Equal([("Si", "/work/wt-espresso/examples/pseudo/Si.pz-vbc.UPF", "6dfa03ddd5817404712e03e4d12deb78")], run.Pseudopotentials);
        Assert.Equal(7, run.ScfIterations);
        Assert.Equal(2.6e-10, run.ScfAccuracyRy);
        Assert.Equal(0.14, run.CpuSeconds);
        Assert.Equal(0.14, run.WallSeconds);
    }

    [Theory]
    [InlineData("   1m30.50s CPU   1h 2m WALL", 90.5, 3720.0)]
    [InlineData("     12.00s CPU     13.25s WALL", 12.0, 13.25)]
    public void Parse_LongRunTimingLine_MinutesAndHoursInSeconds(string times, double cpu, double wall)
    {
        var text = File.ReadAllText(DataPath("converged.pwo")).Replace("      0.14s CPU      0.14s WALL", times, StringComparison.Ordinal);

        var run = EspressoOutputParser.Parse(text).Run!;

        Assert.Equal(cpu, run.CpuSeconds);
        Assert.Equal(wall, run.WallSeconds);
    }

    [Fact]
    public void Parse_ScfNotConverged_FailureEvenThoughEnergyIsPrinted()
    {
        var output = ParseData("scf-not-converged.pwo");

        Assert.Equal(FailureKind.ScfNotConverged, output.Failure);
        Assert.Equal(4, output.ScfIteration);
    }

    [Theory]
    [InlineData("cholesky-edited.pwo", FailureKind.DiagonalizationFailed, "problems computing cholesky")]
    [InlineData("cannot-bracket-ef.pwo", FailureKind.BandsTooFew, "cannot bracket Ef")]
    [InlineData("too-few-bands.pwo", FailureKind.BandsTooFew, "too few bands")]
    [InlineData("max-seconds.pwo", FailureKind.Checkpointed, "Maximum CPU time exceeded (max_seconds reached): pw.x saved its state after SCF iteration 1")]
    [InlineData("resumed-checkpointed.pwo", FailureKind.Checkpointed, "saved its state after SCF iteration 16")]
    [InlineData("resumed-no-progress.pwo", FailureKind.Timeout, "before an SCF iteration was completed")]
    public void Parse_FailedRun_Classified(string file, FailureKind kind, string message)
    {
        var output = ParseData(file);

        Assert.Equal(kind, output.Failure);
        Assert.Contains(message, output.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ErrorBlock_MessageCapturedOnOneLine()
    {
        Assert.Equal("Error in routine efermig (1): internal error, cannot bracket Ef", ParseData("cannot-bracket-ef.pwo").FailureMessage);
    }

    [Theory]
    [InlineData("S matrix not positive definite")]
    [InlineData("too many bands are not converged")]
    public void Parse_OtherDiagonalizationMessages_DiagonalizationFailed(string message)
    {
        var text = File.ReadAllText(DataPath("cholesky-edited.pwo")).Replace("problems computing cholesky", message, StringComparison.Ordinal);
        Assert.Equal(FailureKind.DiagonalizationFailed, EspressoOutputParser.Parse(text).Failure);
    }

    [Fact]
    public void Parse_HighestBandWarning_BandsTooFew()
    {
        var text = File.ReadAllText(DataPath("converged.pwo")).Replace(
            "     highest occupied level",
            "     Warning: ef =  0.500000 is above the highest band at k-point   1\n              e  =  0.400000\n     highest occupied level",
            StringComparison.Ordinal);
        Assert.Equal(FailureKind.BandsTooFew, EspressoOutputParser.Parse(text).Failure);
    }

    [Fact]
    public void Parse_TruncatedOutput_OutputUnreadable()
    {
        var text = File.ReadAllText(DataPath("converged.pwo"));
        var output = EspressoOutputParser.Parse(text[..text.IndexOf("Forces acting", StringComparison.Ordinal)]);

        Assert.Equal(FailureKind.OutputUnreadable, output.Failure);
        Assert.Equal(7, output.ScfIteration);
    }

    [Fact]
    public void ParseFile_Missing_OutputUnreadable()
    {
        Assert.Equal(FailureKind.OutputUnreadable, EspressoOutputParser.ParseFile(DataPath("no-such-file.pwo")).Failure);
    }

    [Fact]
    public void LastScfIteration_PartialOutput_LastIterationStarted()
    {
        var text = File.ReadAllText(DataPath("converged.pwo"));
        var partial = text[..(text.IndexOf("     iteration #  4", StringComparison.Ordinal) + 30)];

        Assert.Equal(4, EspressoOutputParser.LastScfIteration(partial));
        Assert.Null(EspressoOutputParser.LastScfIteration(text[..100]));
    }

    [Fact]
    public void ScfAccuracies_PartialOutput_EachIterationsAccuracyInOrder()
    {
        var text = File.ReadAllText(DataPath("converged.pwo"));
        var partial = text[..text.IndexOf("     iteration #  4", StringComparison.Ordinal)];

        Assert.Equal([0.10258479, 0.00496494, 0.00008429], EspressoOutputParser.ScfAccuracies(partial));
        Assert.Equal(7, EspressoOutputParser.ScfAccuracies(text).Count);
        Assert.Equal(2.6e-10, EspressoOutputParser.ScfAccuracies(text)[^1]);
        Assert.Empty(EspressoOutputParser.ScfAccuracies(text[..100]));
    }
}
