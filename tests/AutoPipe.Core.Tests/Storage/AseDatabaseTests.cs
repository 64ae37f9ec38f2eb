using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Projection;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Structures;
using AutoPipe.Core.Tests.Support;

namespace AutoPipe.Core.Tests.Storage;

public class AseDatabaseTests
{
    private static readonly CampaignSpec spec = CampaignSpecReader.Read("""{"name":"t","jobs":{"count":1},"calculator":{"kind":"mock"}}""", "/tmp", "x.json");

    [Fact]
    public void Insert_RowsReadByAse_GiveBackStructureAndResultsExactly()
    {
        using var dir = new TempDir();
        var frames = ExtxyzReader.ReadFile(Examples.Path("si-rattled.extxyz"));
        var path = Path.Combine(dir.Path, "results.db");
        using (var db = AseDatabase.Open(path))
        {
            db.Insert(frames.Select((f, i) => Row(f, $"job-{i + 1:D4}", energy: -10 - i)).ToList());
        }

        var ase = AsePython.Run("""
            import sys, json
            from ase.db import connect
            from ase.io import read
            db = connect(sys.argv[1])
            out = []
            for i, frame in enumerate(read(sys.argv[2], ':')):
                row = db.get(job_id='job-%04d' % (i + 1))
                a = row.toatoms()
                out.append(dict(
                    same=bool((a.numbers == frame.numbers).all() and (a.positions == frame.positions).all()
                              and (a.cell.array == frame.cell.array).all() and (a.pbc == frame.pbc).all()),
                    energy=row.energy, forces=row.forces.tolist(), stress=row.stress.tolist(),
                    calculator=row.calculator, params=row.calculator_parameters, kvp=row.key_value_pairs,
                    mass=row.mass, volume=row.volume))
            print(json.dumps(dict(count=db.count(), rows=out)))
            """, path, Examples.Path("si-rattled.extxyz"));

        var json = JsonNode.Parse(ase)!;
        Assert.Equal(8, json["count"]!.GetValue<int>());
        var rows = json["rows"]!.AsArray();
        Assert.All(rows, r => Assert.True(r!["same"]!.GetValue<bool>()));
        Assert.Equal(-13.0, rows[3]!["energy"]!.GetValue<double>());
        Assert.Equal("mock", rows[0]!["calculator"]!.GetValue<string>());
        Assert.Equal(5.0, rows[0]!["params"]!["seconds"]!.GetValue<double>());
        Assert.Equal("rattled", rows[0]!["kvp"]!["config_type"]!.GetValue<string>());
        Assert.Equal(1, rows[0]!["kvp"]!["attempts"]!.GetValue<int>());
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], rows[0]!["stress"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal(2 * 28.085, rows[0]!["mass"]!.GetValue<double>(), 10);
    }

    [Fact]
    public void Insert_SameJobTwice_StoresOneRow()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "results.db");
        var frame = ExtxyzReader.ReadFile(Examples.Path("si-rattled.extxyz"))[0];
        using var db = AseDatabase.Open(path);

        var first = db.Insert([Row(frame, "job-0001", -1)]);
        var second = db.Insert([Row(frame, "job-0001", -1), Row(frame, "job-0002", -2)]);

        Assert.Equal((1, 1), (first, second));
        Assert.Equal("2", AsePython.Run("import sys; from ase.db import connect; print(connect(sys.argv[1]).count())", path).Trim());
    }

    [Fact]
    public void Insert_ReservedAndOddInfoKeys_KeptRenamedOrInDataNeverDropped()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "results.db");
        var text = "1\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3 energy=-3.5 calculator=vasp Si=1 stress=\"1 2 3 4 5 6\" 2bad=x note=\"1.5e3x\" count=\"12\" config_type=bulk\nSi 0 0 0\n";
        var frame = ExtxyzReader.Read(new StringReader(text), "odd.xyz").Single();
        using (var db = AseDatabase.Open(path))
        {
            db.Insert([Row(frame, "job-0001", -1)]);
        }

        var ase = AsePython.Run("""
            import sys, json
            from ase.db import connect
            row = connect(sys.argv[1]).get(job_id='job-0001')
            print(json.dumps(dict(kvp=row.key_value_pairs, data=row.data)))
            """, path);

        var json = JsonNode.Parse(ase)!;
        var kvp = json["kvp"]!;
        Assert.Equal(-3.5, kvp["info_energy"]!.GetValue<double>());
        Assert.Equal("vasp", kvp["info_calculator"]!.GetValue<string>());
        Assert.Equal(1, kvp["info_Si"]!.GetValue<int>());
        Assert.Equal("bulk", kvp["config_type"]!.GetValue<string>());
        Assert.Equal(12, kvp["count"]!.GetValue<int>());
        Assert.Equal("energy", json["data"]!["renamed_keys"]!["info_energy"]!.GetValue<string>());
        Assert.Equal(6, json["data"]!["info"]!["stress"]!.AsArray().Count);
        Assert.Equal("x", kvp["info_2bad"]!.GetValue<string>());
        Assert.Equal("1.5e3x", kvp["note"]!.GetValue<string>());
    }

    private static AseRow Row(Structure frame, string jobId, double energy)
    {
        var result = new CalculationResult(
            energy,
            frame.Positions.Select(_ => new[] { 0.1, -0.2, 0.3 }).ToArray(),
            [1, 2, 3, 4, 5, 6],
            null,
            "mock",
            new JsonObject { ["seconds"] = 5.0 });
        var job = new JobRecord { Sequence = 1, JobId = jobId, Attempts = 1 };
        return ResultRows.Build(spec, job, frame, result);
    }
}
