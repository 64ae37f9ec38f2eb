using System.Text.Json.Nodes;
using AutoPipe.Client.Report;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Report;

/// <summary>Issue 12: the report's dataset section, checked against python3-ase's reading of the same rows.</summary>
public class DatasetReportTests
{
    private const string Frames = """
        2
        Lattice="0.0 2.715 2.715 2.715 0.0 2.715 2.715 2.715 0.0" Properties=species:S:1:pos:R:3 config_type=bulk pbc="T T T"
        Si -0.06999062 0.01370722 0.04612143
        Si 1.34740256 1.39675283 1.37806875
        2
        Lattice="0.0 2.8 2.8 2.8 0.0 2.8 2.8 2.8 0.0" Properties=species:S:1:pos:R:3 config_type=bulk pbc="T T T"
        Si 0.01 0.02 0.03
        Si 1.40 1.41 1.39
        3
        Lattice="6.0 0.0 0.0 0.0 6.0 0.0 0.0 0.0 6.0" Properties=species:S:1:pos:R:3 config_type=cluster pbc="T T T"
        Si 0.0 0.0 0.0
        Si 2.3 0.1 0.0
        Si 1.1 2.0 0.2
        2
        Lattice="0.0 2.715 2.715 2.715 0.0 2.715 2.715 2.715 0.0" Properties=species:S:1:pos:R:3 pbc="T T T"
        Si 0.0 0.0 0.0
        Si 1.36 1.36 1.36
        """;

    [Fact]
    public void Report_CampaignOfTwoConfigTypesAndSizes_DatasetSectionCountsDistributionsAndCost()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "frames.extxyz"), Frames.ReplaceLineEndings("\n") + "\n");
        var spec = dir.File("spec.json", """
            {"name":"dataset","workers":2,"structures":"frames.extxyz","calculator":{"kind":"mock","seconds":0.05}}
            """);
        var workdir = Path.Combine(dir.Path, "work");
        Assert.Equal(0, Cli.Run(60, "run", spec, "--workdir", workdir, "--quiet").Exit);

        var (exit, stdout, stderr) = Cli.Run(60, "report", "--workdir", workdir);
        var data = ReportData.Load(workdir);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal([("bulk", 2), ("(no config_type)", 1), ("cluster", 1)], data.Dataset.ConfigTypes);
        var reference = JsonNode.Parse(AsePython.Run("""
            import sys, json
            import numpy as np
            from ase.db import connect
            rows = list(connect(sys.argv[1]).select())
            print(json.dumps(dict(epa=sorted(r.energy / r.natoms for r in rows),
                                  f=sorted(float(x) for r in rows for x in np.linalg.norm(r.forces, axis=1)))))
            """, Path.Combine(workdir, "results.db")))!;
        AssertClose(reference["epa"]!.AsArray().Select(v => v!.GetValue<double>()), data.Dataset.EnergyPerAtom.Order());
        AssertClose(reference["f"]!.AsArray().Select(v => v!.GetValue<double>()), data.Dataset.ForceMagnitudes.Order());
        Assert.Equal([2, 3], data.Dataset.Cost.Select(c => c.Atoms));
        Assert.Equal([3, 1], data.Dataset.Cost.Select(c => c.WallSeconds.Length));
        Assert.All(data.Dataset.Cost.SelectMany(c => c.WallSeconds), w => Assert.InRange(w, 0.04, 30));

        var html = File.ReadAllText(Path.Combine(workdir, "report", "index.html"));
        string[] ids =
        [
            "id=\"dataset\"", "id=\"dataset-config-types\"", "id=\"dataset-distributions\"", "id=\"dataset-cost\"",
            "id=\"config-types\"", "id=\"energy-per-atom\"", "id=\"force-magnitude\"", "id=\"cost-by-size\"", "<td>cluster</td>",
        ];
        foreach (var id in ids)
        {
            Assert.Contains(id, html, StringComparison.Ordinal);
        }
    }

    private static void AssertClose(IEnumerable<double> expected, IEnumerable<double> actual)
    {
        var pairs = expected.Zip(actual).ToList();
        Assert.Equal(expected.Count(), actual.Count());
        Assert.All(pairs, p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-12 * Math.Max(1, Math.Abs(p.First)), $"{p.First} != {p.Second}"));
    }
}
