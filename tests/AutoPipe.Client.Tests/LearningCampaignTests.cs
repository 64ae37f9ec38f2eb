using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using AutoPipe.Client.Tests.Support;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Tests;

/// <summary>
/// Issue 19 with real pw.x: six rattled Si cells whose spec allows too few electron steps for its conv_thr, so that
/// the first attempt of nearly every calculation fails SCF. Run once with learning off and once with learnAfter 2.
/// </summary>
[SupportedOSPlatform("linux")]
public class LearningCampaignTests
{
    private static string Spec(TempDir dir, string name, int learnAfter) => dir.File(name + ".json", $$$"""
        {"name":"{{{name}}}","workers":1,"structures":"si.extxyz",
         "calculator":{"kind":"espresso","pseudoDir":"{{{Path.Combine(Specs.Examples, "pseudo")}}}","pseudopotentials":{"Si":"Si.pz-vbc.UPF"},
                       "parameters":{"ecutwfc":12,"conv_thr":1e-8,"mixing_beta":0.7,"electron_maxstep":6},"kpts":[2,2,2],"timeoutSeconds":120},
         "retry":{"maxAttempts":4,"initialIntervalSeconds":0,"learnAfter":{{{learnAfter}}}}}
        """);

    [Fact]
    public void Run_SameScfRepairTwice_LaterCalculationsStartWithItFewerAttemptsSameEnergies()
    {
        using var dir = new TempDir();
        // The first six cells of the example (2 atoms each, 4 lines per frame).
        File.WriteAllLines(Path.Combine(dir.Path, "si.extxyz"), File.ReadAllLines(Path.Combine(Specs.Examples, "si-rattled.extxyz")).Take(24));
        var without = Path.Combine(dir.Path, "without");
        var with = Path.Combine(dir.Path, "with");

        var off = Cli.Run(300, "run", Spec(dir, "off", 0), "--workdir", without);
        var on = Cli.Run(300, "run", Spec(dir, "on", 2), "--workdir", with);

        Assert.True(off.Exit == 0, off.Stdout + off.Stderr);
        Assert.True(on.Exit == 0, on.Stdout + on.Stderr);
        Assert.DoesNotContain("Learned from", off.Stdout, StringComparison.Ordinal);
        Assert.Contains("Learned from job-0001, job-0002: ScfNotConverged is repaired by electron_maxstep 12, mixing_beta 0.35; 4 calculations not yet started will start with it", on.Stdout, StringComparison.Ordinal);
        var attemptsOff = Attempts(without);
        var attemptsOn = Attempts(with);
        Assert.True(attemptsOn < attemptsOff, $"learning should save attempts: {attemptsOn} with, {attemptsOff} without");

        // What ASE reads: the rows of the calculations started after it was learned say so; the energies are the same
        // converged ones (well within what conv_thr 1e-8 Ry allows), learning or not.
        var rows = JsonNode.Parse(AsePython.Run("""
            import sys, json
            from ase.db import connect
            a = {r.job_id: r for r in connect(sys.argv[1]).select()}
            b = {r.job_id: r for r in connect(sys.argv[2]).select()}
            print(json.dumps({k: dict(learned=b[k].get('learned'), de=abs(a[k].energy - b[k].energy) / b[k].natoms) for k in sorted(b)}))
            """, Path.Combine(without, "results.db"), Path.Combine(with, "results.db")))!.AsObject();
        Assert.Equal(6, rows.Count);
        Assert.All(["job-0001", "job-0002"], id => Assert.Null(rows[id]!["learned"]));
        Assert.All(["job-0003", "job-0004", "job-0005", "job-0006"], id => Assert.Equal(
            "ScfNotConverged is repaired by electron_maxstep 12, mixing_beta 0.35 (learned from job-0001, job-0002)", rows[id]!["learned"]!.GetValue<string>()));
        Assert.All(rows, r => Assert.InRange(r.Value!["de"]!.GetValue<double>(), 0, 1e-5));

        // status, its JSON and the report say what was learned and what each label cost, failed attempts included.
        var status = Cli.Run(60, "status", "--workdir", with);
        var json = JsonNode.Parse(Cli.Run(60, "status", "--workdir", with, "--json").Stdout)!;
        var report = Cli.Run(120, "report", "--workdir", with, "--output", Path.Combine(dir.Path, "report"));
        Assert.Contains("  learned: ScfNotConverged is repaired by electron_maxstep 12, mixing_beta 0.35 (learned from job-0001, job-0002)", status.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"  compute: \d+\.\d+ core-hours, \d+\.\d+ per label \(6 labels\), [1-9]\d* % on failed attempts", status.Stdout);
        Assert.Equal(0.35, json["learned"]![0]!["settings"]!["mixing_beta"]!.GetValue<double>());
        var cost = json["cost"]!;
        Assert.Equal(6, cost["labels"]!.GetValue<int>());
        Assert.InRange(cost["failed_share"]!.GetValue<double>(), 0.01, 0.99);
        Assert.Equal(cost["core_hours"]!.GetValue<double>() / 6, cost["core_hours_per_label"]!.GetValue<double>(), 9);
        Assert.True(report.Exit == 0, report.Stdout + report.Stderr);
        var html = File.ReadAllText(Path.Combine(dir.Path, "report", "index.html"));
        Assert.Contains("<h2>Learned from repairs</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td>electron_maxstep 12, mixing_beta 0.35</td><td>job-0001, job-0002</td>", html, StringComparison.Ordinal);
    }

    private static int Attempts(string workdir)
    {
        using var journal = CampaignJournal.OpenExisting(Path.Combine(workdir, "state.db"))!;
        return journal.LoadAttempts().Count;
    }
}
