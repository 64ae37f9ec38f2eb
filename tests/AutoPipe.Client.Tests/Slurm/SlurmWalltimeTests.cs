using System.Globalization;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Slurm;

/// <summary>
/// The one test that waits for a Slurm time limit (several minutes). It has a collection of its own that may run
/// beside the other tests: it keeps one core busy and otherwise only waits, and xUnit runs the non-parallel
/// collections (the other Slurm tests, which drain the node or count the queue) only after every parallel one ended,
/// so it never shares the cluster with them.
/// </summary>
[Collection(SlurmWalltimeCollection.Name)]
public sealed class SlurmWalltimeTests
{
    [SlurmFact]
    public void Run_PwxPastItsOneMinuteTimeLimit_EndsTimeoutThenIsDoneInPiecesBelowTheLimit()
    {
        // About 140 s of SCF on one core of a quiet machine (LongScf), well past the 60-90 s at which Slurm stops a job
        // with a 1-minute limit (it enforces limits in whole minutes, checked about every 30 s): attempt 1 is killed
        // (TIMEOUT); then pw.x stops itself at max_seconds = 54 s, saving its state, and the next attempt resumes where
        // it stopped. A busy machine only makes the SCF longer, so more pieces: maxAttempts leaves room for twice as
        // slow. Four to five minutes: the one test that waits for a limit.
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("walltime");
        var spec = LongScf.Spec(dir, name, ecutwfc: 50, kpts: 5, mixingBeta: 0.025, timeoutSeconds: 3600, maxAttempts: 8,
            executor: ""","executor":{"kind":"slurm","pollSeconds":0.5,"cpusPerTask":1,"timeLimit":"1"}""");
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, stdout, stderr) = Cli.Run(900, "run", spec, "--workdir", workdir);

        Assert.True(exit == 0, stdout + stderr);
        var jobs = SlurmCluster.Jobs(SlurmCluster.Prefix(name));
        // A first attempt that converged before Slurm's kill proves nothing about the limit: the SCF is too short here.
        Assert.True(jobs.Count > 1, $"the SCF converged within its first Slurm job ({jobs.Count} job): make LongScf longer\n{stdout}");
        Assert.Equal("TIMEOUT", Assert.Single(jobs, j => j.Name.EndsWith(".job-0001.1", StringComparison.Ordinal)).State);
        // Every later piece stopped itself before the limit (pw.x exits 2 at max_seconds: FAILED to Slurm); the last converged.
        Assert.All(jobs.Where(j => !j.Name.EndsWith(".job-0001.1", StringComparison.Ordinal)), j => Assert.NotEqual("TIMEOUT", j.State));
        Assert.Equal("COMPLETED", Assert.Single(jobs, j => j.Name.EndsWith($".job-0001.{jobs.Count}", StringComparison.Ordinal)).State);
        Assert.Contains("failed on attempt 1 of 8: Timeout: Slurm job", stdout, StringComparison.Ordinal);
        Assert.Contains("changed: max_seconds unset -> 54, restart from previous charge density", stdout, StringComparison.Ordinal);
        Assert.Contains("failed on attempt 2 of 8: Checkpointed", stdout, StringComparison.Ordinal);
        Assert.Contains("changed: continue from the state saved by attempt 2 (restart_mode='restart')", stdout, StringComparison.Ordinal);
        var last = Path.Combine(workdir, "jobs", "job-0001", $"attempt-{jobs.Count}", "espresso.pwo");
        Assert.Contains("Calculation restarted from scf iteration #", File.ReadAllText(last), StringComparison.Ordinal);
        // The row is the resumed run's converged result, as ASE's own reader sees that output.
        var difference = double.Parse(AsePython.Run("""
            import sys
            from ase.io import read
            from ase.db import connect
            row = connect(sys.argv[1]).get(job_id='job-0001')
            print(abs(row.energy - read(sys.argv[2], format='espresso-out').get_potential_energy()))
            """, Path.Combine(workdir, "results.db"), last), CultureInfo.InvariantCulture);
        Assert.InRange(difference, 0, 1e-8);
    }
}
