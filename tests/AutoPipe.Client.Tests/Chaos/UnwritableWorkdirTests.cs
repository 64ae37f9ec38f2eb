using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Chaos;

/// <summary>
/// A working directory that stops accepting writes: its filesystem fills up mid-campaign, or is read-only. The run must
/// stop with exit code 3 and a message saying why, keep everything committed, and resume once the cause is gone.
/// On a real small tmpfs where this machine allows mounting one; otherwise the full disk is simulated through the
/// test-only AUTOPIPE_FAULT hook and the read-only case uses a directory the kernel refuses (/proc).
/// </summary>
[Collection(ChaosCollection.Name)]
public class UnwritableWorkdirTests(ReferenceRun reference)
{
    [Fact]
    public void Run_FilesystemFullMidCampaign_ExitsThreeSayingWhyThenResumesLosingNothing()
    {
        using var dir = new TempDir();
        var spec = ChaosCampaign.Spec(dir);
        using var tmpfs = Tmpfs.TryMount(Path.Combine(dir.Path, "fs"), megabytes: 16);
        var workdir = Path.Combine(tmpfs?.Path ?? dir.Path, "work");
        int exit;
        string stderr;
        if (tmpfs != null)
        {
            using var run = Cli.Start("run", spec, "--workdir", workdir);
            Poll.Until(() => run.HasExited || Checkpoint.TryRead(workdir)?.Completed.Count >= 20, 60, "20 completed");
            tmpfs.Fill();
            exit = run.Wait(60);
            stderr = run.Stderr;
        }
        else
        {
            (exit, _, stderr) = Cli.Run(120, ChaosCampaign.Fault("fail-results-write@5"), "run", spec, "--workdir", workdir);
        }

        Assert.True(exit == 3, $"exit {exit}\n{stderr}");
        Assert.Contains($"error: cannot write to {workdir}", stderr, StringComparison.Ordinal);
        Assert.Contains("Everything committed so far is safe; fix the cause and run again to resume", stderr, StringComparison.Ordinal);
        tmpfs?.Free();
        var durable = ChaosCampaign.DurablyCompleted(workdir);

        var resumed = Cli.Run(120, "run", spec, "--workdir", workdir);

        Assert.True(resumed.Exit == 0, resumed.Stdout + resumed.Stderr);
        ChaosCampaign.AssertNotRunAgain(durable, resumed.Stdout);
        ChaosCampaign.AssertCompleteAndExact(workdir, reference.Energies);
    }

    [Fact]
    public void Run_ReadOnlyWorkdir_ExitsThreeNamingTheCauseNotAnotherRunThenResumes()
    {
        using var dir = new TempDir();
        var spec = ChaosCampaign.Spec(dir);
        using var tmpfs = Tmpfs.TryMount(Path.Combine(dir.Path, "fs"), megabytes: 16);
        if (tmpfs == null)
        {
            var refused = Cli.Run(60, "run", spec, "--workdir", "/proc/autopipe-chaos");
            Assert.Equal(3, refused.Exit);
            Assert.Contains("cannot use /proc/autopipe-chaos", refused.Stderr, StringComparison.Ordinal);
            return;
        }

        var workdir = Path.Combine(tmpfs.Path, "work");
        Assert.Equal(137, Cli.Run(120, ChaosCampaign.Fault("kill-before-checkpoint-rename@5"), "run", spec, "--workdir", workdir).Exit);
        var durable = ChaosCampaign.DurablyCompleted(workdir);
        tmpfs.Remount(readOnly: true);

        var (exit, _, stderr) = Cli.Run(60, "run", spec, "--workdir", workdir);

        Assert.Equal(3, exit);
        Assert.Contains($"cannot use {workdir}: Read-only file system", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("another autopipe run", stderr, StringComparison.Ordinal);
        Assert.Contains("not running", Cli.Run(30, "status", "--workdir", workdir).Stdout, StringComparison.Ordinal);
        tmpfs.Remount(readOnly: false);
        var resumed = Cli.Run(120, "run", spec, "--workdir", workdir);
        Assert.True(resumed.Exit == 0, resumed.Stdout + resumed.Stderr);
        ChaosCampaign.AssertNotRunAgain(durable, resumed.Stdout);
        ChaosCampaign.AssertCompleteAndExact(workdir, reference.Energies);
    }
}
