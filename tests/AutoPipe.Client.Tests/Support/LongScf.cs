using System.Globalization;
using System.Text.Json.Nodes;

namespace AutoPipe.Client.Tests.Support;

/// <summary>
/// A pw.x SCF made long on purpose for time-limit tests: an 8-atom cubic Si cell with one atom moved, a tight
/// threshold and slow mixing, so it takes many short SCF iterations and pw.x can stop at max_seconds and resume at
/// almost any point. On one core of this machine: ecutwfc 20, 2x2x2 k-points, mixing_beta 0.1: 25 iterations of
/// 0.3 s (7 s); ecutwfc 50, 5x5x5, mixing_beta 0.025: 37 iterations, about 140 s (ecutwfc 35 took 125 s once and
/// 70 s on a quieter day, converging before Slurm stopped a job with a 1-minute limit at 60-90 s; the iteration count
/// changes a lot with ecutwfc).
/// </summary>
public static class LongScf
{
    /// <summary>The 8-atom cubic Si cell in extended XYZ (ending in a newline), its first atom at <paramref name="firstAtom"/>.</summary>
    public static string Si8(string configType, string firstAtom) => $"""
        8
        Lattice="5.43 0.0 0.0 0.0 5.43 0.0 0.0 0.0 5.43" Properties=species:S:1:pos:R:3 config_type={configType} pbc="T T T"
        {firstAtom}
        Si 0.0 2.715 2.715
        Si 2.715 0.0 2.715
        Si 2.715 2.715 0.0
        Si 1.3575 1.3575 1.3575
        Si 1.3575 4.0725 4.0725
        Si 4.0725 1.3575 4.0725
        Si 4.0725 4.0725 1.3575

        """;

    /// <summary>Writes the structure and a campaign spec of one such calculation into <paramref name="dir"/>; returns the spec's path.</summary>
    public static string Spec(TempDir dir, string name, double ecutwfc, int kpts, double mixingBeta, double timeoutSeconds, int maxAttempts, string executor = "")
    {
        File.WriteAllText(Path.Combine(dir.Path, "si8.extxyz"), Si8("moved", "Si 0.0 0.0 0.1086"));
        var pseudoDir = Path.Combine(Specs.Examples, "pseudo");
        string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
        return dir.File(name + ".json", $$$"""
            {"name":"{{{name}}}","workers":1,"structures":"si8.extxyz",
             "calculator":{"kind":"espresso","pseudoDir":"{{{pseudoDir}}}","pseudopotentials":{"Si":"Si.pz-vbc.UPF"},
                           "parameters":{"ecutwfc":{{{Number(ecutwfc)}}},"conv_thr":1e-12,"mixing_beta":{{{Number(mixingBeta)}}}},"kpts":[{{{kpts}}},{{{kpts}}},{{{kpts}}}],
                           "timeoutSeconds":{{{Number(timeoutSeconds)}}} },
             "retry":{"maxAttempts":{{{maxAttempts}}},"initialIntervalSeconds":0.1}{{{executor}}}}
            """);
    }

    /// <summary>The single row's energy and forces, as python3-ase reads them from the campaign's results.db.</summary>
    public static (double Energy, double[] Forces) Row(string workdir)
    {
        var row = JsonNode.Parse(AsePython.Run(
            "import sys, json\nfrom ase.db import connect\nrow = connect(sys.argv[1]).get(job_id='job-0001')\nprint(json.dumps(dict(energy=row.energy, forces=row.forces.ravel().tolist())))",
            Path.Combine(workdir, "results.db")))!;
        return (row["energy"]!.GetValue<double>(), row["forces"]!.AsArray().Select(f => f!.GetValue<double>()).ToArray());
    }
}
