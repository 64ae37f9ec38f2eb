using System.Text.Json.Nodes;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests;

/// <summary>Issue 12: every row says which code computed it, with which pseudopotentials, at what cost, where.</summary>
public class ProvenanceTests
{
    private static readonly string pseudoDir = Path.Combine(Specs.Examples, "pseudo");

    [Fact]
    public void Run_RealPwx_RowRecordsVersionPseudopotentialMd5OfTheFileCostScfAndHost()
    {
        using var dir = new TempDir();
        File.WriteAllLines(Path.Combine(dir.Path, "si.extxyz"), File.ReadAllLines(Path.Combine(Specs.Examples, "si-rattled.extxyz")).Take(4));
        var spec = dir.File("qe.json", $$$"""
            {"name":"provenance","workers":1,"structures":"si.extxyz",
             "calculator":{"kind":"espresso","pseudoDir":"{{{pseudoDir}}}","pseudopotentials":{"Si":"Si.pz-vbc.UPF"},
                           "parameters":{"ecutwfc":20,"conv_thr":1e-8},"kpts":[2,2,2],"timeoutSeconds":120} }
            """);
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, stdout, stderr) = Cli.Run(300, "run", spec, "--workdir", workdir);

        Assert.True(exit == 0, stdout + stderr);
        // python3-ase reads the row; hashlib checks the recorded MD5 against the file; pw.x's own banner gives the version.
        var facts = JsonNode.Parse(AsePython.Run("""
            import sys, json, hashlib, socket, glob, re
            from ase.db import connect
            row = connect(sys.argv[1]).get(job_id='job-0001')
            p = row.data['provenance']
            banner = open(glob.glob(sys.argv[3] + '/jobs/job-0001/attempt-1/espresso.pwo')[0]).read()
            version = re.search(r'Program PWSCF (\S+) starts', banner).group(1)
            md5 = hashlib.md5(open(sys.argv[2], 'rb').read()).hexdigest()
            print(json.dumps(dict(p=p, md5=md5, version=version, host=socket.gethostname())))
            """, Path.Combine(workdir, "results.db"), Path.Combine(pseudoDir, "Si.pz-vbc.UPF"), workdir))!;
        var provenance = facts["p"]!;
        Assert.Equal("PWSCF", provenance["code"]!.GetValue<string>());
        Assert.Equal(facts["version"]!.GetValue<string>(), provenance["version"]!.GetValue<string>());
        Assert.StartsWith("v.6.", provenance["version"]!.GetValue<string>(), StringComparison.Ordinal);
        var pseudo = Assert.Single(provenance["pseudopotentials"]!.AsArray())!;
        Assert.Equal("Si", pseudo["element"]!.GetValue<string>());
        Assert.Equal("Si.pz-vbc.UPF", pseudo["file"]!.GetValue<string>());
        Assert.Equal(facts["md5"]!.GetValue<string>(), pseudo["md5"]!.GetValue<string>());
        Assert.True(pseudo["md5_verified"]!.GetValue<bool>());
        Assert.Equal(facts["host"]!.GetValue<string>(), provenance["host"]!.GetValue<string>());
        Assert.True(provenance["wall_time_s"]!.GetValue<double>() > 0);
        Assert.True(provenance["cpu_time_s"]!.GetValue<double>() >= 0);
        Assert.InRange(provenance["scf_iterations"]!.GetValue<int>(), 1, 100);
        Assert.InRange(provenance["scf_accuracy_ry"]!.GetValue<double>(), 0, 1e-8);
        Assert.Equal(1, provenance["attempts"]!.GetValue<int>());

        var results = JsonNode.Parse(Cli.Run(60, "results", "--workdir", workdir, "--json").Stdout)!.AsArray();
        Assert.Equal(pseudo["md5"]!.GetValue<string>(), results[0]!["provenance"]!["pseudopotentials"]![0]!["md5"]!.GetValue<string>());
    }

    [Fact]
    public void Run_MockWithARetry_RowRecordsMockCodeAutoPipeVersionHostWallTimeAndTheAttempts()
    {
        using var dir = new TempDir();
        var spec = Specs.Mock(dir, "mock-provenance", jobs: 2, workers: 1, seconds: 0.05, failFirst: """{"job-0002":1}""",
            retry: """{"maxAttempts":2,"initialIntervalSeconds":0.05}""");
        var workdir = Path.Combine(dir.Path, "work");
        Assert.Equal(0, Cli.Run(60, "run", spec, "--workdir", workdir, "--quiet").Exit);

        var (exit, stdout, stderr) = Cli.Run(60, "results", "--workdir", workdir, "--json");

        Assert.True(exit == 0, stdout + stderr);
        var rows = JsonNode.Parse(stdout)!.AsArray().ToDictionary(r => r!["job_id"]!.GetValue<string>(), r => r!["provenance"]!);
        Assert.All(rows.Values, p =>
        {
            Assert.Equal("autopipe-mock", p["code"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(p["version"]!.GetValue<string>()));
            Assert.Equal(Environment.MachineName, p["host"]!.GetValue<string>());
            Assert.InRange(p["wall_time_s"]!.GetValue<double>(), 0.04, 30);
        });
        Assert.Equal(1, rows["job-0001"]["attempts"]!.GetValue<int>());
        Assert.Equal(2, rows["job-0002"]["attempts"]!.GetValue<int>());
        Assert.StartsWith("Transient", Assert.Single(rows["job-0002"]["failures"]!.AsArray())!.GetValue<string>(), StringComparison.Ordinal);
        var fromAse = AsePython.Run("""
            import sys
            from ase.db import connect
            print(connect(sys.argv[1]).get(job_id='job-0002').data['provenance']['code'])
            """, Path.Combine(workdir, "results.db")).Trim();
        Assert.Equal("autopipe-mock", fromAse);
    }
}
