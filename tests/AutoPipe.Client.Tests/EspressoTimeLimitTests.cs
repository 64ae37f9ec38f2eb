using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests;

/// <summary>
/// Real pw.x past its time limit on the local executor, done in pieces. Not in the timing collection: more load only
/// makes each piece shorter, never the outcome different (maxAttempts leaves room), so it runs beside other tests.
/// </summary>
public sealed class EspressoTimeLimitTests
{
    [Fact]
    public void Run_ScfLongerThanItsTimeout_KilledThenDoneInPiecesAtTheUninterruptedEnergy()
    {
        // About 7 s of SCF iterations uninterrupted; with a 5 s limit attempt 1 is killed, then pw.x stops itself at
        // max_seconds = 4 s and each further attempt resumes where the last one stopped.
        using var dir = new TempDir();
        var pieces = Path.Combine(dir.Path, "pieces");
        var whole = Path.Combine(dir.Path, "whole");

        var run = Cli.Run(300, "run", LongScf.Spec(dir, "pieces", ecutwfc: 20, kpts: 2, mixingBeta: 0.1, timeoutSeconds: 5, maxAttempts: 10), "--workdir", pieces);
        var reference = Cli.Run(300, "run", LongScf.Spec(dir, "whole", ecutwfc: 20, kpts: 2, mixingBeta: 0.1, timeoutSeconds: 600, maxAttempts: 1), "--workdir", whole);

        Assert.True(run.Exit == 0, run.Stdout + run.Stderr);
        Assert.True(reference.Exit == 0, reference.Stdout + reference.Stderr);
        Assert.Contains("failed on attempt 1 of 10: Timeout", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("changed: max_seconds unset -> 4, restart from previous charge density", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("failed on attempt 2 of 10: Checkpointed: Maximum CPU time exceeded (max_seconds reached): pw.x saved its state after SCF iteration", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("changed: continue from the state saved by attempt 2 (restart_mode='restart')", run.Stdout, StringComparison.Ordinal);
        var attempts = Directory.GetDirectories(Path.Combine(pieces, "jobs", "job-0001"), "attempt-*").Length;
        var last = File.ReadAllText(Path.Combine(pieces, "jobs", "job-0001", $"attempt-{attempts}", "espresso.pwo"));
        Assert.Contains("Calculation restarted from scf iteration #", last, StringComparison.Ordinal);
        Assert.Contains("convergence has been achieved", last, StringComparison.Ordinal);
        var (energy, forces) = LongScf.Row(pieces);
        var (wholeEnergy, wholeForces) = LongScf.Row(whole);
        Assert.InRange(Math.Abs(energy - wholeEnergy), 0, 1e-6);
        Assert.All(forces.Zip(wholeForces), f => Assert.InRange(Math.Abs(f.First - f.Second), 0, 1e-5));
    }
}
