using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Commands;

/// <summary>Issue 12: <c>autopipe export</c>, read back by python3-ase and compared with the rows of results.db.</summary>
public class ExportTests
{
    // Frames with what a training set carries: a config_type, a number, a vector, a text that reads as a number,
    // a per-atom array, and a job that needs a retry.
    private const string Frames = """
        2
        Lattice="0.0 2.715 2.715 2.715 0.0 2.715 2.715 2.715 0.0" Properties=species:S:1:pos:R:3:fixed:L:1 config_type=bulk temperature=300 direction="1 0 0" pbc="T T T"
        Si      -0.06999062       0.01370722       0.04612143 T
        Si       1.34740256       1.39675283       1.37806875 F
        2
        Lattice="0.0 2.8 2.8 2.8 0.0 2.8 2.8 2.8 0.0" Properties=species:S:1:pos:R:3:fixed:L:1 config_type=strained note="a b = c" pbc="T T T"
        Si       0.01                0.02              0.03 F
        Si       1.40                1.41              1.39 F
        3
        Lattice="6.0 0.0 0.0 0.0 6.0 0.0 0.0 0.0 7.5" Properties=species:S:1:pos:R:3:fixed:L:1 config_type=cluster pbc="T T F"
        Si       0.0 0.0 0.0 F
        Si       2.3 0.1 0.0 T
        Si       1.1 2.0 0.2 F
        """;

    private const string CompareScript = """
        import sys, json
        import numpy as np
        from ase.io import read
        from ase.db import connect
        frames = read(sys.argv[1], ':')
        keys = json.loads(sys.argv[3])
        rows = {row.job_id: row for row in connect(sys.argv[2]).select()}
        out = dict(frames=len(frames), rows=len(rows), problems=[], info=[dict((k, str(v)) for k, v in f.info.items()) for f in frames],
                   arrays=[sorted(f.arrays) for f in frames])
        for atoms in frames:
            info = atoms.info
            row = rows[info['job_id']]
            def check(name, ok):
                if not ok:
                    out['problems'].append('%s: %s' % (info['job_id'], name))
            check('positions', np.array_equal(atoms.positions, row.positions))
            check('cell', np.array_equal(atoms.cell.array, row.cell))
            check('pbc', np.array_equal(atoms.pbc, row.pbc))
            check('numbers', np.array_equal(atoms.numbers, row.numbers))
            stressed = row.get('stress') is not None
            if keys['energy'] == 'energy':
                check('calculator', atoms.calc is not None)
                check('energy', atoms.get_potential_energy() == row.energy)
                check('forces', np.array_equal(atoms.get_forces(), row.forces))
                check('stress', np.array_equal(atoms.get_stress(), row.stress) if stressed else 'stress' not in atoms.calc.results)
            else:
                check('no calculator', atoms.calc is None)
                check('energy', info[keys['energy']] == row.energy)
                check('forces', np.array_equal(atoms.arrays[keys['forces']], row.forces))
                if not stressed:
                    check('no stress', keys['stress'] not in info)
                else:
                    s = row.stress
                    full = np.array([s[0], s[5], s[4], s[5], s[1], s[3], s[4], s[3], s[2]])
                    check('stress', np.array_equal(np.asarray(info[keys['stress']]), s if keys['stress_layout'] == 'voigt' else full))
            for key, value in row.key_value_pairs.items():
                check('key ' + key, key in info and info[key] == value and type(np.asarray(info[key]).item()) == type(value))
        print(json.dumps(out))
        """;

    [Fact]
    public void Export_CampaignWithKeysArraysAndARetry_AseReadsEveryRowBackExactly()
    {
        using var dir = new TempDir();
        var workdir = Campaign(dir, Frames, failFirst: """{"job-0002":1}""");
        var output = Path.Combine(dir.Path, "out.extxyz");

        var (exit, stdout, stderr) = Cli.Run(60, "export", "--workdir", workdir, "--output", output);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains($"Wrote 3 frame(s) to {output}", stdout, StringComparison.Ordinal);
        var result = Compare(output, workdir, """{"energy":"energy"}""");
        Assert.Equal(3, result["frames"]!.GetValue<int>());
        Assert.Empty(result["problems"]!.AsArray());
        // Rows come in completion order (job-0002 completes after its retry); frames follow the rows.
        var info = result["info"]!.AsArray().Select(i => i!.AsObject()).OrderBy(i => i["job_id"]!.GetValue<string>(), StringComparer.Ordinal).ToList();
        Assert.Equal(["bulk", "strained", "cluster"], info.Select(i => i["config_type"]!.GetValue<string>()));
        Assert.Equal(["1", "2", "1"], info.Select(i => i["attempts"]!.GetValue<string>()));
        Assert.All(info, i => Assert.Equal("export", i["campaign"]!.GetValue<string>()));
        Assert.Equal("300", info[0]["temperature"]!.GetValue<string>());
        Assert.Equal("[1 0 0]", info[0]["direction"]!.GetValue<string>());
        Assert.Equal("a b = c", info[1]["note"]!.GetValue<string>());
        Assert.All(result["arrays"]!.AsArray(), a => Assert.Contains("fixed", a!.AsArray().Select(n => n!.GetValue<string>())));
    }

    [Fact]
    public void Export_RealPwxCampaign_FramesEqualTheRowsAndAsesOwnReadingOfEachPwxOutput()
    {
        using var dir = new TempDir();
        File.WriteAllLines(Path.Combine(dir.Path, "si.extxyz"), File.ReadAllLines(Path.Combine(Specs.Examples, "si-rattled.extxyz")).Take(8));
        var spec = dir.File("qe.json", $$$"""
            {"name":"qe-export","workers":2,"structures":"si.extxyz",
             "calculator":{"kind":"espresso","pseudoDir":"{{{Path.Combine(Specs.Examples, "pseudo")}}}","pseudopotentials":{"Si":"Si.pz-vbc.UPF"},
                           "parameters":{"ecutwfc":20},"kpts":[2,2,2],"timeoutSeconds":120} }
            """);
        var workdir = Path.Combine(dir.Path, "work");
        var (runExit, runOut, runErr) = Cli.Run(300, "run", spec, "--workdir", workdir, "--quiet");
        Assert.True(runExit == 0, runOut + runErr);
        var output = Path.Combine(dir.Path, "qe.extxyz");

        var (exit, stdout, stderr) = Cli.Run(60, "export", "--workdir", workdir, "--output", output);

        Assert.True(exit == 0, stdout + stderr);
        var result = Compare(output, workdir, """{"energy":"energy"}""");
        Assert.Equal(2, result["frames"]!.GetValue<int>());
        Assert.Empty(result["problems"]!.AsArray());
        var differences = JsonNode.Parse(AsePython.Run("""
            import sys, json
            import numpy as np
            from ase.io import read
            out = []
            for atoms in read(sys.argv[1], ':'):
                ref = read('%s/jobs/%s/attempt-1/espresso.pwo' % (sys.argv[2], atoms.info['job_id']), format='espresso-out')
                out.append(max(abs(atoms.get_potential_energy() - ref.get_potential_energy()),
                               float(abs(atoms.get_forces() - ref.get_forces()).max()),
                               float(abs(atoms.get_stress() - ref.get_stress()).max())))
            print(json.dumps(out))
            """, output, workdir))!.AsArray();
        Assert.All(differences, d => Assert.InRange(d!.GetValue<double>(), 0, 1e-10));
    }

    [Fact]
    public void Export_RenamedLabelKeysVoigtStress_ReadBackAsPlainInfoAndArraysNotAsACalculator()
    {
        using var dir = new TempDir();
        var workdir = Campaign(dir, Frames);
        var output = Path.Combine(dir.Path, "mace.extxyz");

        var (exit, stdout, stderr) = Cli.Run(60, "export", "--workdir", workdir, "--output", output,
            "--energy-key", "REF_energy", "--forces-key", "REF_forces", "--stress-key", "REF_stress", "--stress", "voigt");

        Assert.True(exit == 0, stdout + stderr);
        var result = Compare(output, workdir, """{"energy":"REF_energy","forces":"REF_forces","stress":"REF_stress","stress_layout":"voigt"}""");
        Assert.Equal(3, result["frames"]!.GetValue<int>());
        Assert.Empty(result["problems"]!.AsArray());
        Assert.DoesNotContain("energy=", File.ReadAllText(output).Replace("REF_energy=", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Export_RenamedStressKeyFullLayout_NineValuesOfTheMatrix()
    {
        using var dir = new TempDir();
        var workdir = Campaign(dir, Frames);
        var output = Path.Combine(dir.Path, "full.extxyz");

        var (exit, stdout, stderr) = Cli.Run(60, "export", "-w", workdir, "-o", output, "--energy-key", "REF_energy", "--forces-key", "REF_forces", "--stress-key", "REF_stress");

        Assert.True(exit == 0, stdout + stderr);
        Assert.Empty(Compare(output, workdir, """{"energy":"REF_energy","forces":"REF_forces","stress":"REF_stress","stress_layout":"full"}""")["problems"]!.AsArray());
    }

    [Fact]
    public void Export_Split_DeterministicPerSeedAndAJobKeepsItsPartWhenTheCampaignGrows()
    {
        using var dir = new TempDir();
        var small = Campaign(dir, Repeat(40), name: "grow", folder: "small");
        var large = Campaign(dir, Repeat(120), name: "grow", folder: "large");

        var first = Split(dir, small, "a", 7);
        var again = Split(dir, small, "b", 7);
        var grown = Split(dir, large, "c", 7);
        var reseeded = Split(dir, large, "d", 8);

        Assert.Equal(first, again);
        Assert.Equal(40, first["train"].Count + first["valid"].Count);
        Assert.Empty(first["train"].Intersect(first["valid"]));
        Assert.Equal(120, grown["train"].Count + grown["valid"].Count);
        Assert.Subset(grown["train"].ToHashSet(), first["train"].ToHashSet());
        Assert.Subset(grown["valid"].ToHashSet(), first["valid"].ToHashSet());
        Assert.InRange(grown["valid"].Count, 3, 30);
        Assert.NotEqual(grown["valid"], reseeded["valid"]);
    }

    [Fact]
    public void Export_Select_KeepsTheRowsAseDbSelects()
    {
        using var dir = new TempDir();
        var workdir = Campaign(dir, Frames + "\n" + Frames, failFirst: """{"job-0002":1,"job-0005":2}""", maxAttempts: 3);
        string[] queries =
        [
            "attempts=1", "attempts>1", "attempts>=2,config_type=strained", "job_id!=job-0003", "config_type<cluster", "natoms=3",
            "natoms<3,energy<0", "Si=2", "Si>2", "Si", "temperature", "temperature=300", "id<=2", "fmax>0", "calculator=mock",
        ];
        foreach (var query in queries)
        {
            var output = Path.Combine(dir.Path, "selected.extxyz");
            var (exit, stdout, stderr) = Cli.Run(60, "export", "-w", workdir, "-o", output, "--select", query);
            var expected = AsePython.Run("""
                import sys
                from ase.db import connect
                print(' '.join(sorted(row.job_id for row in connect(sys.argv[1]).select(sys.argv[2]))))
                """, Path.Combine(workdir, "results.db"), query).Trim();
            if (expected.Length == 0)
            {
                Assert.True(exit == 2, $"{query}: {stdout}{stderr}");
                continue;
            }

            Assert.True(exit == 0, $"{query}: {stdout}{stderr}");
            var actual = AsePython.Run("""
                import sys
                from ase.io import read
                print(' '.join(sorted(a.info['job_id'] for a in read(sys.argv[1], ':'))))
                """, output).Trim();
            Assert.True(expected == actual, $"{query}: ase db selects [{expected}], export wrote [{actual}]");
        }
    }

    [Theory]
    [InlineData("--split|train=0.8,valid=0.1", "the fractions add up to 0.9, not 1")]
    [InlineData("--split|train", "'train' is not NAME=FRACTION")]
    [InlineData("--split|train=1", "name at least two parts")]
    [InlineData("--split|train=0.5,train=0.5", "part train is named twice")]
    [InlineData("--stress|voigt", "--stress voigt needs a --stress-key other than stress")]
    [InlineData("--stress|matrix", "matrix")]
    [InlineData("--energy-key|forces", "ASE would read it back as the calculator's forces")]
    [InlineData("--energy-key|X|--stress-key|X", "--energy-key and --stress-key name the same key X")]
    [InlineData("--energy-key|my energy", "a key is a letter or _")]
    [InlineData("--energy-key|pbc", "the extended XYZ format uses that name itself")]
    [InlineData("--energy-key|config_type", "its key config_type collides with the label written as config_type")]
    [InlineData("--forces-key|fixed", "its per-atom array fixed collides with the forces written as fixed")]
    [InlineData("--select|1<attempts<3", "only single comparisons joined by commas are supported")]
    [InlineData("--select|formula=Si2", "the key formula is not supported here")]
    [InlineData("--select|Si2", "formulas such as Si2 are not supported")]
    [InlineData("--select|age<1h", "the key age is not supported here")]
    [InlineData("--select|natoms=two", "natoms must be compared with a number")]
    [InlineData("--select|attempts=7", "no row of the 3 in")]
    public void Export_BadOptions_Exit2NamingTheProblemAndWriteNothing(string arguments, string message)
    {
        using var dir = new TempDir();
        var workdir = Campaign(dir, Frames);
        var output = Path.Combine(dir.Path, "out", "set.extxyz");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);

        var (exit, stdout, stderr) = Cli.Run(60, ["export", "--workdir", workdir, "--output", output, .. arguments.Split('|')]);

        Assert.True(exit == 2, stdout + stderr);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!));
    }

    [Fact]
    public void Export_NoDatabaseOrAnEmptyOne_Exit2AndWriteNothing()
    {
        using var dir = new TempDir();
        var empty = Campaign(dir, Frames, failFirst: """{"job-0001":1,"job-0002":1,"job-0003":1}""", maxAttempts: 1, expectedExit: 1);
        var output = Path.Combine(dir.Path, "set.extxyz");

        var missing = Cli.Run(60, "export", "--workdir", Path.Combine(dir.Path, "nowhere"), "--output", output);
        var none = Cli.Run(60, "export", "--workdir", empty, "--output", output);

        Assert.Equal(2, missing.Exit);
        Assert.Contains("no such database", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, none.Exit);
        Assert.Contains("holds no rows", none.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(dir.Path, "set.extxyz*"));
    }

    [Fact]
    public void Export_Help_DescribesEveryOption()
    {
        var (exit, stdout, _) = Cli.Run(30, "export", "--help");

        Assert.Equal(0, exit);
        foreach (var option in new[] { "--workdir", "--output", "--energy-key", "--forces-key", "--stress-key", "--stress", "--split", "--seed", "--select", "REF_energy" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }

    private static string Campaign(TempDir dir, string frames, string failFirst = "{}", int maxAttempts = 2, string name = "export", string folder = "work", int expectedExit = 0)
    {
        var root = Path.Combine(dir.Path, folder);
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "frames.extxyz"), frames.ReplaceLineEndings("\n") + "\n");
        var spec = Path.Combine(root, "spec.json");
        File.WriteAllText(spec, $$$"""
            {"name":"{{{name}}}","workers":2,"structures":"frames.extxyz",
             "calculator":{"kind":"mock","seconds":0,"failFirstAttempts":{{{failFirst}}} },
             "retry":{"maxAttempts":{{{maxAttempts}}},"initialIntervalSeconds":0.05} }
            """);
        var workdir = Path.Combine(root, "run");
        var (exit, stdout, stderr) = Cli.Run(120, "run", spec, "--workdir", workdir, "--quiet");
        Assert.True(exit == expectedExit, stdout + stderr);
        return workdir;
    }

    private static string Repeat(int count)
    {
        var frames = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var shift = (i * 0.01).ToString("0.00", CultureInfo.InvariantCulture);
            frames.Append(CultureInfo.InvariantCulture, $"""
                2
                Lattice="0.0 2.715 2.715 2.715 0.0 2.715 2.715 2.715 0.0" Properties=species:S:1:pos:R:3 config_type=rattled pbc="T T T"
                Si 0.0 0.0 {shift}
                Si 1.36 1.36 1.36

                """);
        }

        return frames.ToString();
    }

    private static Dictionary<string, List<string>> Split(TempDir dir, string workdir, string name, int seed)
    {
        var output = Path.Combine(dir.Path, name + ".extxyz");
        var (exit, stdout, stderr) = Cli.Run(60, "export", "-w", workdir, "-o", output, "--split", "train=0.8,valid=0.2", "--seed", seed.ToString(CultureInfo.InvariantCulture));
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains($"to {Path.Combine(dir.Path, name + ".train.extxyz")} (train)", stdout, StringComparison.Ordinal);
        return new[] { "train", "valid" }.ToDictionary(part => part, part => JsonNode.Parse(AsePython.Run("""
            import sys, json
            from ase.io import read
            print(json.dumps([a.info['job_id'] for a in read(sys.argv[1], ':')]))
            """, Path.Combine(dir.Path, $"{name}.{part}.extxyz")))!.AsArray().Select(j => j!.GetValue<string>()).ToList());
    }

    private static JsonObject Compare(string output, string workdir, string keys) =>
        JsonNode.Parse(AsePython.Run(CompareScript, output, Path.Combine(workdir, "results.db"), keys))!.AsObject();
}
