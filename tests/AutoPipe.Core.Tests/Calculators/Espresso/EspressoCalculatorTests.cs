using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Espresso;
using static AutoPipe.Core.Tests.Calculators.Espresso.EspressoTestEnvironment;

namespace AutoPipe.Core.Tests.Calculators.Espresso;

/// <summary>Real pw.x 6.7 and real ASE 3.22 (Debian's python): small cutoff and 2x2x2 k-points keep each run under a second.</summary>
public class EspressoCalculatorTests
{
    private static Dictionary<string, JsonNode> FastSi() => Parameters(("ecutwfc", 20), ("conv_thr", 1e-8), ("mixing_beta", 0.7));

    [Fact]
    public async Task RunAsync_RattledSi_ParserAgreesWithAseReaderTo1e8()
    {
        var dir = NewTempDirectory();
        var calculator = new EspressoCalculator(SpecFor(FastSi()));
        var result = await calculator.RunAsync(Request(dir, Silicon(1)), null, CancellationToken.None);

        var ase = await ReadWithAseAsync(Path.Combine(dir, EspressoOutputParser.OutputFileName), dir);
        var parsed = EspressoOutputParser.ParseFile(Path.Combine(dir, EspressoOutputParser.OutputFileName));

        AssertRelative(ase.Energy, parsed.Energy!.Value, 1e-8, "energy");
        AssertRelative(ase.Energy, result.Energy, 1e-8, "result energy");
        for (var a = 0; a < 2; a++)
        {
            for (var k = 0; k < 3; k++)
            {
                AssertRelative(ase.Forces[a][k], parsed.Forces![a][k], 1e-8, $"force[{a}][{k}]");
            }
        }

        for (var k = 0; k < 6; k++)
        {
            AssertRelative(ase.Stress[k], parsed.Stress![k], 1e-8, $"stress[{k}]");
        }
    }

    [Fact]
    public async Task RunAsync_RattledSi_EqualsIndependentAseReference()
    {
        var dir = NewTempDirectory();
        var structure = Silicon(2);
        var reference = await RunAseReferenceAsync(2, new JsonObject { ["ecutwfc"] = 20, ["conv_thr"] = 1e-8, ["mixing_beta"] = 0.7 }, Path.Combine(dir, "ase"));

        var result = await new EspressoCalculator(SpecFor(FastSi())).RunAsync(Request(Path.Combine(dir, "attempt-1"), structure), null, CancellationToken.None);

        Assert.InRange(Math.Abs(result.Energy - reference.Energy), 0, 1e-5);
        for (var a = 0; a < structure.AtomCount; a++)
        {
            for (var k = 0; k < 3; k++)
            {
                Assert.InRange(Math.Abs(result.Forces[a][k] - reference.Forces[a][k]), 0, 1e-4);
            }
        }

        Assert.Equal("espresso", result.CalculatorName);
        Assert.Equal(20, result.CalculatorParameters["ecutwfc"]!.GetValue<int>());
        Assert.Equal("[2,2,2]", result.CalculatorParameters["kpts"]!.ToJsonString());
        Assert.Equal("Si.pz-vbc.UPF", result.CalculatorParameters["pseudopotentials"]!["Si"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_ScfCannotConverge_ScfNotConvergedAndPolicyCorrectionConverges()
    {
        var dir = NewTempDirectory();
        var structure = Silicon(3);
        var strict = Parameters(("ecutwfc", 20), ("conv_thr", 1e-10), ("electron_maxstep", 4));
        var spec = SpecFor(strict);
        var calculator = new EspressoCalculator(spec);
        var policy = new EspressoCorrectionPolicy(spec.TimeoutSeconds);

        var failure = await Assert.ThrowsAsync<CalculationFailedException>(
            () => calculator.RunAsync(Request(Path.Combine(dir, "attempt-1"), structure, spec.Parameters), null, CancellationToken.None));
        Assert.Equal(FailureKind.ScfNotConverged, failure.Kind);

        // The runtime's loop: correct, run the next attempt in a fresh folder, until a result or nothing left.
        IReadOnlyDictionary<string, JsonNode> parameters = spec.Parameters;
        CalculationResult? result = null;
        for (var attempt = 2; result is null; attempt++)
        {
            var correction = policy.Correct(failure.Kind, attempt - 1, parameters);
            Assert.NotNull(correction);
            parameters = correction.Parameters;
            var attemptDir = Path.Combine(dir, $"attempt-{attempt}");
            try
            {
                result = await calculator.RunAsync(Request(attemptDir, structure, parameters, attempt, Path.Combine(dir, $"attempt-{attempt - 1}")), null, CancellationToken.None);
            }
            catch (CalculationFailedException e) when (e.Kind == FailureKind.ScfNotConverged)
            {
                failure = e;
            }

            var input = await File.ReadAllTextAsync(Path.Combine(attemptDir, EspressoInputWriter.InputFileName));
            Assert.Contains("startingpot      = 'file'", input, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(attemptDir, "out", "pwscf.save", "charge-density.dat")));
        }

        var converged = await calculator.RunAsync(
            Request(Path.Combine(dir, "reference"), structure, Parameters(("ecutwfc", 20), ("conv_thr", 1e-10))), null, CancellationToken.None);
        Assert.InRange(Math.Abs(result.Energy - converged.Energy), 0, 1e-5);
        Assert.Equal("file", result.CalculatorParameters["startingpot"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_StoppedAtMaxSecondsThenContinued_ResumesWhereItStoppedAndConverges()
    {
        var dir = NewTempDirectory();
        var structure = Silicon(0);
        var spec = SpecFor(Parameters(("ecutwfc", 30), ("conv_thr", 1e-12), ("mixing_beta", 0.05)));
        var first = Parameters(("ecutwfc", 30), ("conv_thr", 1e-12), ("mixing_beta", 0.05), ("max_seconds", 0.3));
        var calculator = new EspressoCalculator(spec);

        var stopped = await Assert.ThrowsAsync<CalculationFailedException>(
            () => calculator.RunAsync(Request(Path.Combine(dir, "attempt-1"), structure, first), null, CancellationToken.None));
        var next = new EspressoCorrectionPolicy(spec.TimeoutSeconds).Correct(stopped.Kind, 1, first)!;
        var continued = new Dictionary<string, JsonNode>(next.Parameters) { ["max_seconds"] = 600 };
        var result = await calculator.RunAsync(Request(Path.Combine(dir, "attempt-2"), structure, continued, 2, Path.Combine(dir, "attempt-1")), null, CancellationToken.None);

        Assert.Equal(FailureKind.Checkpointed, stopped.Kind);
        Assert.Contains("restart_mode     = 'restart'", await File.ReadAllTextAsync(Path.Combine(dir, "attempt-2", EspressoInputWriter.InputFileName)), StringComparison.Ordinal);
        Assert.Contains("Calculation restarted from scf iteration #", await File.ReadAllTextAsync(Path.Combine(dir, "attempt-2", "espresso.pwo")), StringComparison.Ordinal);
        var whole = await calculator.RunAsync(Request(Path.Combine(dir, "whole"), structure, spec.Parameters), null, CancellationToken.None);
        Assert.InRange(Math.Abs(result.Energy - whole.Energy), 0, 1e-7);
    }

    [Fact]
    public async Task RunAsync_ContinueAskedButPreviousStateMissing_TimeoutSayingSoNotAnotherPiece()
    {
        var dir = NewTempDirectory();
        var parameters = Parameters(("ecutwfc", 30), ("conv_thr", 1e-12), ("mixing_beta", 0.05), ("max_seconds", 0.3), (EspressoParameterKeys.ContinueFromPrevious, true));
        var calculator = new EspressoCalculator(SpecFor(parameters));

        var failure = await Assert.ThrowsAsync<CalculationFailedException>(
            () => calculator.RunAsync(Request(Path.Combine(dir, "attempt-2"), Silicon(0), parameters, 2, Path.Combine(dir, "elsewhere", "attempt-1")), null, CancellationToken.None));

        Assert.Equal(FailureKind.Timeout, failure.Kind);
        Assert.Contains("the state saved by attempt 1 was not in", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("restart_mode", await File.ReadAllTextAsync(Path.Combine(dir, "attempt-2", EspressoInputWriter.InputFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LauncherRunsTooLong_TimeoutAndWholeTreeKilled()
    {
        var dir = NewTempDirectory();
        var pids = await WriteLauncherAsync(dir);

        var calculator = new EspressoCalculator(SpecFor(FastSi(), command: $"/bin/sh {Path.Combine(dir, "launcher.sh")}", timeoutSeconds: 1));
        var failure = await Assert.ThrowsAsync<CalculationFailedException>(
            () => calculator.RunAsync(Request(Path.Combine(dir, "attempt-1"), Silicon()), null, CancellationToken.None));

        Assert.Equal(FailureKind.Timeout, failure.Kind);
        await AssertTreeDeadAsync(pids);
    }

    [Fact]
    public async Task RunAsync_Cancelled_TreeKilledThenOperationCanceled()
    {
        var dir = NewTempDirectory();
        var pids = await WriteLauncherAsync(dir);
        var calculator = new EspressoCalculator(SpecFor(FastSi(), command: $"/bin/sh {Path.Combine(dir, "launcher.sh")}"));
        using var cancellation = new CancellationTokenSource();

        var run = calculator.RunAsync(Request(Path.Combine(dir, "attempt-1"), Silicon()), null, cancellation.Token);
        Assert.True(await Poll.WithinAsync(() => File.Exists(pids) && File.ReadAllLines(pids).Length >= 4, TimeSpan.FromSeconds(10)), "launcher did not start its children");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await AssertTreeDeadAsync(pids);
    }

    [Fact]
    public async Task RunAsync_MissingPseudopotential_InputErrorBeforeAnyProcess()
    {
        var dir = NewTempDirectory();
        var marker = Path.Combine(dir, "started");
        var script = Path.Combine(dir, "marker.sh");
        await File.WriteAllTextAsync(script, $"#!/bin/sh\ntouch {marker}\n");
        var attempt = Path.Combine(dir, "attempt-1");

        foreach (var pseudos in new[] { new Dictionary<string, string> { ["Si"] = "Si.missing.UPF" }, new Dictionary<string, string> { ["Ge"] = "Si.pz-vbc.UPF" } })
        {
            var calculator = new EspressoCalculator(SpecFor(FastSi(), command: $"/bin/sh {script}", pseudopotentials: pseudos));
            var failure = await Assert.ThrowsAsync<CalculationFailedException>(
                () => calculator.RunAsync(Request(attempt, Silicon()), null, CancellationToken.None));
            Assert.Equal(FailureKind.InputError, failure.Kind);
        }

        Assert.False(File.Exists(marker));
        Assert.False(Directory.Exists(attempt));
    }

    [Fact]
    public async Task RunAsync_UnknownKeyword_InputErrorBeforeAnyProcess()
    {
        var dir = NewTempDirectory();
        var calculator = new EspressoCalculator(SpecFor(Parameters(("ecutwfc", 20), ("ecut_typo", 3))));

        var failure = await Assert.ThrowsAsync<CalculationFailedException>(
            () => calculator.RunAsync(Request(Path.Combine(dir, "attempt-1"), Silicon()), null, CancellationToken.None));

        Assert.Equal(FailureKind.InputError, failure.Kind);
        Assert.False(Directory.Exists(Path.Combine(dir, "attempt-1")));
    }

    [Fact]
    public async Task RunAsync_SlowScf_ProgressReportsIterations()
    {
        var dir = NewTempDirectory();
        // A stand-in for a slow pw.x: prints SCF iterations over about three seconds, then fails without an error block.
        var script = Path.Combine(dir, "slow.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho '     iteration #  1     ecut=    20.00 Ry'\nsleep 1.5\necho '     iteration #  2     ecut=    20.00 Ry'\nsleep 1.5\nexit 3\n");
        var reports = new ConcurrentQueue<CalculationProgress>();
        var calculator = new EspressoCalculator(SpecFor(FastSi(), command: $"/bin/sh {script}"));

        var failure = await Assert.ThrowsAsync<CalculationFailedException>(
            () => calculator.RunAsync(Request(Path.Combine(dir, "attempt-1"), Silicon()), new CollectingProgress(reports), CancellationToken.None));

        Assert.Equal(FailureKind.Crashed, failure.Kind);
        Assert.Contains("code 3", failure.Message, StringComparison.Ordinal);
        // Polled about once a second: on a loaded machine one poll may see both iterations at once.
        var steps = reports.Select(r => r.Step ?? 0).ToList();
        Assert.Equal(2, steps[^1]);
        Assert.Equal(steps.Order().Distinct(), steps);
    }

    [Fact]
    public async Task RunAsync_BandFactor_NbndFromPseudopotentialValence()
    {
        var dir = NewTempDirectory();
        // Si: 8 valence electrons, smearing: pw.x's default is max(nint(1.2 * 4), 4 + 4) = 8 bands; x1.2 gives 10.
        var parameters = Parameters(("ecutwfc", 20), ("occupations", "smearing"), ("degauss", 0.02), (EspressoParameterKeys.BandFactor, 1.2));
        var result = await new EspressoCalculator(SpecFor(parameters)).RunAsync(Request(Path.Combine(dir, "attempt-1"), Silicon(), parameters), null, CancellationToken.None);

        Assert.Equal(10, result.CalculatorParameters["nbnd"]!.GetValue<int>());
        var output = await File.ReadAllTextAsync(Path.Combine(dir, "attempt-1", EspressoOutputParser.OutputFileName));
        Assert.Contains("number of Kohn-Sham states=           10", output, StringComparison.Ordinal);
    }

    private static async Task<string> WriteLauncherAsync(string dir)
    {
        // A launcher in the manner of mpirun: it starts children and waits for them; every pid goes to a file.
        var pids = Path.Combine(dir, "pids");
        await File.WriteAllTextAsync(
            Path.Combine(dir, "launcher.sh"),
            $"#!/bin/sh\necho $$ >> {pids}\nsleep 1000 &\necho $! >> {pids}\nsleep 1000 &\necho $! >> {pids}\n(sleep 1000; true) &\necho $! >> {pids}\nwait\n");
        return pids;
    }

    private static async Task AssertTreeDeadAsync(string pidsFile)
    {
        var pids = (await File.ReadAllLinesAsync(pidsFile)).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToList();
        Assert.True(pids.Count >= 4, "the launcher recorded too few pids");
        Assert.True(await Poll.WithinAsync(() => pids.All(IsDead), TimeSpan.FromSeconds(10)), $"still alive: {string.Join(", ", pids.Where(p => !IsDead(p)))}");
    }

    private sealed record AseResults(double Energy, double[][] Forces, double[] Stress);

    private static async Task<AseResults> ReadWithAseAsync(string pwoPath, string workDir)
    {
        var json = await RunPythonAsync(
            $$"""
            import json
            from ase.io import read
            atoms = read({{Py(pwoPath)}}, format='espresso-out')
            print(json.dumps({'energy': float(atoms.get_potential_energy()), 'forces': atoms.get_forces().tolist(), 'stress': atoms.get_stress().tolist()}))
            """,
            workDir);
        return ParseAse(json);
    }

    private static async Task<AseResults> RunAseReferenceAsync(int index, JsonObject inputData, string workDir)
    {
        Directory.CreateDirectory(workDir);
        // Independent of our writer and calculator: ASE writes the input, pw.x runs, ASE reads.
        var json = await RunPythonAsync(
            $$"""
            import json, subprocess
            from ase.io import read, write
            atoms = read({{Py(StructuresPath)}}, index={{index}})
            data = json.loads('{{inputData.ToJsonString()}}')
            data.update(calculation='scf', tprnfor=True, tstress=True, pseudo_dir={{Py(PseudoDir)}}, outdir='./out', prefix='pwscf')
            write('espresso.pwi', atoms, format='espresso-in', input_data=data, pseudopotentials={'Si': 'Si.pz-vbc.UPF'}, kpts=(2, 2, 2))
            with open('espresso.pwo', 'w') as out:
                subprocess.run(['pw.x', '-in', 'espresso.pwi'], stdout=out, check=True)
            result = read('espresso.pwo', format='espresso-out')
            print(json.dumps({'energy': float(result.get_potential_energy()), 'forces': result.get_forces().tolist(), 'stress': result.get_stress().tolist()}))
            """,
            workDir);
        return ParseAse(json);
    }

    private static AseResults ParseAse(string json)
    {
        var node = JsonNode.Parse(json)!;
        return new AseResults(
            node["energy"]!.GetValue<double>(),
            node["forces"]!.AsArray().Select(row => row!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToArray(),
            node["stress"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray());
    }

    private sealed class CollectingProgress(ConcurrentQueue<CalculationProgress> reports) : IProgress<CalculationProgress>
    {
        public void Report(CalculationProgress value) => reports.Enqueue(value);
    }
}
