using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests;

/// <summary>Issue 3 end to end: real pw.x (Debian's quantum-espresso) through the whole autopipe run.</summary>
[Collection(TimingCollection.Name)]
[SupportedOSPlatform("linux")]
public class EspressoCampaignTests
{
    private static readonly string pseudoDir = Path.Combine(Specs.Examples, "pseudo");

    [Fact]
    public void Run_SiBulkExample_RowsEqualAnIndependentAseReference()
    {
        using var dir = new TempDir();
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, stdout, stderr) = Cli.Run(300, "run", Path.Combine(Specs.Examples, "si-bulk.campaign.json"), "--workdir", workdir);

        Assert.True(exit == 0, stdout + stderr);
        // ASE writes the input, pw.x runs, ASE reads the output: nothing of AutoPipe's in the reference.
        var compared = JsonNode.Parse(AsePython.Run("""
            import sys, os, json, subprocess
            from ase.io import read, write
            from ase.db import connect
            db = connect(sys.argv[1]); frames = read(sys.argv[2], ':'); out = []
            for index in (0, 5):
                atoms = frames[index]
                folder = os.path.join(sys.argv[3], 'ref%d' % index); os.makedirs(folder)
                write(os.path.join(folder, 'pw.in'), atoms, format='espresso-in', pseudo_dir=sys.argv[4],
                      pseudopotentials={'Si': 'Si.pz-vbc.UPF'}, kpts=(4, 4, 4), tprnfor=True, tstress=True,
                      input_data={'system': {'ecutwfc': 20}, 'electrons': {'conv_thr': 1e-8, 'mixing_beta': 0.7}})
                with open(os.path.join(folder, 'pw.out'), 'w') as output:
                    subprocess.run(['pw.x', '-in', 'pw.in'], cwd=folder, stdout=output, check=True, env=dict(os.environ, OMP_NUM_THREADS='1'))
                reference = read(os.path.join(folder, 'pw.out'), format='espresso-out')
                row = db.get(job_id='job-%04d' % (index + 1))
                out.append(dict(de=abs(row.energy - reference.get_potential_energy()),
                                df=float(abs(row.forces - reference.get_forces()).max())))
            print(json.dumps(out))
            """, Path.Combine(workdir, "results.db"), Path.Combine(Specs.Examples, "si-rattled.extxyz"), dir.Path, pseudoDir))!.AsArray();

        Assert.Equal(2, compared.Count);
        Assert.All(compared, c => Assert.InRange(c!["de"]!.GetValue<double>(), 0, 1e-5));
        Assert.All(compared, c => Assert.InRange(c!["df"]!.GetValue<double>(), 0, 1e-4));
    }

    [Fact]
    public void Run_ScfThatCannotConverge_IsCorrectedAndEndsAtTheConvergedEnergy()
    {
        using var dir = new TempDir();
        File.Copy(Path.Combine(Specs.Examples, "si-rattled.extxyz"), Path.Combine(dir.Path, "si.extxyz"));
        var spec = dir.File("scf.json", $$$"""
            {"name":"scf","workers":1,"structures":"si.extxyz",
             "calculator":{"kind":"espresso","pseudoDir":"{{{pseudoDir}}}","pseudopotentials":{"Si":"Si.pz-vbc.UPF"},
                           "parameters":{"ecutwfc":20,"conv_thr":1e-10,"electron_maxstep":4,"mixing_beta":0.7},"kpts":[2,2,2],"timeoutSeconds":120},
             "retry":{"maxAttempts":3,"initialIntervalSeconds":0.1}}
            """);
        File.WriteAllLines(Path.Combine(dir.Path, "si.extxyz"), File.ReadAllLines(Path.Combine(dir.Path, "si.extxyz")).Take(4));
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, stdout, stderr) = Cli.Run(300, "run", spec, "--workdir", workdir);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("failed on attempt 1 of 3: ScfNotConverged", stdout, StringComparison.Ordinal);
        Assert.Contains("job-0001: Retrying calculation (attempt 2 of 3)... in 0.1 s; changed: mixing_beta 0.7 -> 0.35", stdout, StringComparison.Ordinal);
        var row = JsonNode.Parse(AsePython.Run("""
            import sys, os, json, subprocess
            from ase.io import read, write
            from ase.db import connect
            row = connect(sys.argv[1]).get(job_id='job-0001')
            atoms = read(sys.argv[2], 0)
            write(os.path.join(sys.argv[3], 'pw.in'), atoms, format='espresso-in', pseudo_dir=sys.argv[4],
                  pseudopotentials={'Si': 'Si.pz-vbc.UPF'}, kpts=(2, 2, 2), tprnfor=True, tstress=True,
                  input_data={'system': {'ecutwfc': 20}, 'electrons': {'conv_thr': 1e-10, 'mixing_beta': 0.7}})
            with open(os.path.join(sys.argv[3], 'pw.out'), 'w') as output:
                subprocess.run(['pw.x', '-in', 'pw.in'], cwd=sys.argv[3], stdout=output, check=True, env=dict(os.environ, OMP_NUM_THREADS='1'))
            reference = read(os.path.join(sys.argv[3], 'pw.out'), format='espresso-out').get_potential_energy()
            print(json.dumps(dict(de=abs(row.energy - reference), attempts=row.attempts, corrections=row.corrections)))
            """, Path.Combine(workdir, "results.db"), Path.Combine(dir.Path, "si.extxyz"), dir.Path, pseudoDir))!;
        Assert.InRange(row["de"]!.GetValue<double>(), 0, 1e-5);
        Assert.True(row["attempts"]!.GetValue<int>() >= 2);
        Assert.Contains("attempt 2: mixing_beta 0.7 -> 0.35", row["corrections"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("attempt 2: mixing_beta", Checkpoint.Read(workdir).Json["jobs"]!["job-0001"]!["corrections"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CalculationPastItsTimeout_KilledWithChildrenRetriedThenFailedWhileTheCampaignEnds()
    {
        using var dir = new TempDir();
        var marker = "777." + Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var launcher = FakePw(dir, "slow-pw.sh", $"sleep {marker} &\nsleep {marker} &\nwait\n");
        var spec = EspressoSpec(dir, "timeout", launcher, timeoutSeconds: 1, maxAttempts: 3);
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, stdout, stderr) = Cli.Run(120, "run", spec, "--workdir", workdir);

        Assert.True(exit == 1, stdout + stderr);
        Assert.Contains("failed on attempt 1 of 3: Timeout", stdout, StringComparison.Ordinal);
        Assert.Contains("Retrying calculation (attempt 2 of 3)...", stdout, StringComparison.Ordinal);
        var checkpoint = Checkpoint.Read(workdir);
        Assert.Equal(["job-0001"], checkpoint.Failed);
        Assert.StartsWith("Timeout", checkpoint.Json["jobs"]!["job-0001"]!["failure_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Processes.WithArgument(marker));
    }

    [Fact]
    public void Run_MissingPseudopotential_RefusedBeforeAnyRunNamingTheFile()
    {
        using var dir = new TempDir();
        File.Copy(Path.Combine(Specs.Examples, "si-rattled.extxyz"), Path.Combine(dir.Path, "si.extxyz"));
        var spec = dir.File("nopp.json", $$$"""
            {"name":"nopp","structures":"si.extxyz",
             "calculator":{"kind":"espresso","pseudoDir":"{{{pseudoDir}}}","pseudopotentials":{"Si":"Si.nowhere.UPF"} } }
            """);
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, _, stderr) = Cli.Run(60, "run", spec, "--workdir", workdir);

        Assert.Equal(2, exit);
        Assert.Contains($"calculator.pseudopotentials.Si: file {Path.Combine(pseudoDir, "Si.nowhere.UPF")} not found", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workdir));
    }

    [Fact]
    public void Run_ManagerKilledWhileCalculating_NextStartStopsTheOrphanedProcesses()
    {
        using var dir = new TempDir();
        var marker = "888." + Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var launcher = FakePw(dir, "launcher.sh", $"sleep {marker} &\nwait\n");
        var spec = EspressoSpec(dir, "orphans", launcher, timeoutSeconds: 2, maxAttempts: 1);
        var workdir = Path.Combine(dir.Path, "work");
        int orphan;
        using (var manager = Cli.Start("run", spec, "--workdir", workdir))
        {
            Poll.Until(() => Processes.WithArgument(marker).Count == 1, 60, "the launcher's child running");
            orphan = Processes.WithArgument(marker).Single();
            manager.KillManagerOnly();
        }

        Assert.Contains(orphan, Processes.WithArgument(marker));
        var (exit, stdout, _) = Cli.Run(120, "run", spec, "--workdir", workdir);

        Assert.Contains($"Stopped 1 calculation process(es) left running by the previous run: sleep (pid {orphan})", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(orphan, Processes.WithArgument(marker));
        Assert.Equal(1, exit);
        Assert.Empty(Processes.WithArgument(marker));
    }

    [Fact]
    public void Status_RunningPwx_ShowsTheScfIterationReached()
    {
        using var dir = new TempDir();
        var marker = "555." + Random.Shared.Next(100000, 999999).ToString(CultureInfo.InvariantCulture);
        var launcher = FakePw(dir, "scf.sh", $"for i in 1 2 3; do echo \"     iteration #  $i     ecut=    20.00 Ry     beta= 0.70\"; done\nexec sleep {marker}\n");
        var spec = EspressoSpec(dir, "progress", launcher, timeoutSeconds: 60, maxAttempts: 1);
        var workdir = Path.Combine(dir.Path, "work");
        using var run = Cli.Start("run", spec, "--workdir", workdir);

        var status = "";
        Poll.Until(() => (status = Cli.Run(30, "status", "--workdir", workdir).Stdout).Contains("SCF iteration 3", StringComparison.Ordinal), 60, "SCF iteration 3 in status");

        Assert.Contains("slot 1: job-0001 attempt 1 of 1", status, StringComparison.Ordinal);
        run.Kill();
    }

    private static string FakePw(TempDir dir, string name, string body)
    {
        var path = dir.File(name, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string EspressoSpec(TempDir dir, string name, string command, double timeoutSeconds, int maxAttempts)
    {
        File.WriteAllLines(Path.Combine(dir.Path, "one.extxyz"), File.ReadAllLines(Path.Combine(Specs.Examples, "si-rattled.extxyz")).Take(4));
        return dir.File(name + ".json", $$$"""
            {"name":"{{{name}}}","workers":1,"structures":"one.extxyz",
             "calculator":{"kind":"espresso","command":"{{{command}}}","pseudoDir":"{{{pseudoDir}}}","pseudopotentials":{"Si":"Si.pz-vbc.UPF"},
                           "parameters":{"ecutwfc":20},"kpts":[2,2,2],"timeoutSeconds":{{{timeoutSeconds.ToString(CultureInfo.InvariantCulture)}}} },
             "retry":{"maxAttempts":{{{maxAttempts}}},"initialIntervalSeconds":0.1}}
            """);
    }
}
