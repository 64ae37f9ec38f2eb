using System.Text.Json.Nodes;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Slurm;

/// <summary>Real pw.x inside Slurm jobs: the calculator's command runs in the job, its output is classified and corrected as on the local executor.</summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmEspressoTests
{
    [SlurmFact]
    public void Run_PwxAsSlurmJobs_IsCorrectedLikeLocallyAndGivesTheLocalEnergies()
    {
        using var dir = new TempDir();
        var pseudoDir = Path.Combine(Specs.Examples, "pseudo");
        File.WriteAllLines(Path.Combine(dir.Path, "si.extxyz"), File.ReadAllLines(Path.Combine(Specs.Examples, "si-rattled.extxyz")).Take(8));
        var name = SlurmSpecs.UniqueName("pwx");
        string Spec(string campaign, string executor) => dir.File(campaign + ".json", $$$"""
            {"name":"{{{campaign}}}","workers":2,"structures":"si.extxyz",
             "calculator":{"kind":"espresso","pseudoDir":"{{{pseudoDir}}}","pseudopotentials":{"Si":"Si.pz-vbc.UPF"},
                           "parameters":{"ecutwfc":20,"conv_thr":1e-10,"electron_maxstep":4,"mixing_beta":0.7},"kpts":[2,2,2],"timeoutSeconds":120},
             "retry":{"maxAttempts":3,"initialIntervalSeconds":0.1}{{{executor}}}}
            """);

        var slurm = Cli.Run(300, "run", Spec(name, ""","executor":{"kind":"slurm","pollSeconds":0.3,"cpusPerTask":1}"""), "--workdir", Path.Combine(dir.Path, "slurm"));
        var local = Cli.Run(300, "run", Spec("local-" + name, ""), "--workdir", Path.Combine(dir.Path, "local"));

        Assert.True(slurm.Exit == 0, slurm.Stdout + slurm.Stderr);
        Assert.True(local.Exit == 0, local.Stdout + local.Stderr);
        Assert.Contains("failed on attempt 1 of 3: ScfNotConverged", slurm.Stdout, StringComparison.Ordinal);
        Assert.Contains("changed: mixing_beta 0.7 -> 0.35", slurm.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "slurm", "jobs", "job-0001", "attempt-2", "espresso.pwo")));
        Assert.Equal(4, SlurmCluster.Jobs(SlurmCluster.Prefix(name)).Count);
        var ours = Energies(Path.Combine(dir.Path, "slurm"));
        var theirs = Energies(Path.Combine(dir.Path, "local"));
        Assert.Equal(theirs.Keys.Order(), ours.Keys.Order());
        Assert.All(theirs, e => Assert.InRange(Math.Abs(ours[e.Key] - e.Value), 0, 1e-8));
    }

    [SlurmFact]
    public void Run_PwxOverItsMemoryLimit_FailsAsOutOfMemoryWithTheAdviceAndIsNotRunAgainUnchanged()
    {
        // The test cluster enforces memory as many clusters without cgroups do (JobAcctGatherParams=OverMemoryKill):
        // a job over its --mem is killed and ends FAILED; slurmstepd's line in its output is what says why.
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("oom");
        var spec = LongScf.Spec(dir, name, ecutwfc: 20, kpts: 2, mixingBeta: 0.1, timeoutSeconds: 600, maxAttempts: 3,
            executor: ""","executor":{"kind":"slurm","pollSeconds":0.3,"cpusPerTask":1,"memory":"20M"}""");
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, stdout, stderr) = Cli.Run(120, "run", spec, "--workdir", workdir);

        Assert.True(exit == 1, stdout + stderr);
        Assert.Single(SlurmCluster.Jobs(SlurmCluster.Prefix(name)));
        var reason = Checkpoint.Read(workdir).Json["jobs"]!["job-0001"]!["failure_reason"]!.GetValue<string>();
        Assert.StartsWith("OutOfMemory: Slurm job", reason, StringComparison.Ordinal);
        Assert.Contains("exceeded memory limit", reason, StringComparison.Ordinal);
        Assert.Contains("give it more with executor.memory", reason, StringComparison.Ordinal);
    }

    private static Dictionary<string, double> Energies(string workdir)
    {
        var rows = JsonNode.Parse(Cli.Run(30, "results", "--workdir", workdir, "--json").Stdout)!.AsArray();
        return rows.ToDictionary(r => r!["job_id"]!.GetValue<string>(), r => r!["energy"]!.GetValue<double>());
    }
}
