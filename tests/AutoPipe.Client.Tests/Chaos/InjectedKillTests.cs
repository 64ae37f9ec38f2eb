using System.Text.RegularExpressions;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Chaos;

/// <summary>
/// SIGKILL at the exact points where a crash is hardest to survive, injected through the test-only AUTOPIPE_FAULT hook
/// (the process kills itself there): then a restart must finish the campaign with nothing lost, doubled or redone.
/// </summary>
[Collection(ChaosCollection.Name)]
public partial class InjectedKillTests(ReferenceRun reference)
{
    private const int Killed = 137;

    [Theory]
    [InlineData("kill-before-checkpoint-rename@4")]
    [InlineData("kill-mid-results-batch@5")]
    [InlineData("kill-between-results-and-journal@5")]
    public void Run_KilledInsideABatchOrCheckpointWrite_RestartLosesAndRepeatsNothing(string fault)
    {
        using var dir = new TempDir();
        var spec = ChaosCampaign.Spec(dir);
        var workdir = Path.Combine(dir.Path, "work");
        var first = Cli.Run(120, ChaosCampaign.Fault(fault), "run", spec, "--workdir", workdir);
        Assert.True(first.Exit == Killed, $"the fault {fault} did not fire: exit {first.Exit}\n{first.Stdout}{first.Stderr}");
        var durable = ChaosCampaign.DurablyCompleted(workdir);

        var (exit, stdout, stderr) = Cli.Run(120, "run", spec, "--workdir", workdir);

        Assert.True(exit == 0, stdout + stderr);
        ChaosCampaign.AssertNotRunAgain(durable, stdout);
        var recovered = RecoveredLine().Matches(stdout).Select(m => m.Groups[1].Value).ToList();
        if (fault.StartsWith("kill-between-results-and-journal", StringComparison.Ordinal))
        {
            // The batch's rows were committed, the journal's record of them was not: adopted, not run again.
            Assert.NotEmpty(recovered);
            ChaosCampaign.AssertNotRunAgain(recovered, stdout);
        }
        else
        {
            Assert.Empty(recovered);
        }

        ChaosCampaign.AssertCompleteAndExact(workdir, reference.Energies);
    }

    [Fact]
    public void Run_KilledBeforeTheFinalCheckpointRename_RestartOnlyRewritesTheCheckpoint()
    {
        using var dir = new TempDir();
        var spec = ChaosCampaign.Spec(dir);
        var workdir = Path.Combine(dir.Path, "work");
        var first = Cli.Run(120, ChaosCampaign.Fault("kill-before-final-checkpoint-rename"), "run", spec, "--workdir", workdir);
        Assert.True(first.Exit == Killed, $"exit {first.Exit}\n{first.Stdout}{first.Stderr}");
        Assert.Equal("running", Checkpoint.Read(workdir).Json["status"]!.GetValue<string>());

        var (exit, stdout, stderr) = Cli.Run(120, "run", spec, "--workdir", workdir);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains($"Found checkpoint in {workdir}: {ChaosCampaign.Jobs} completed, 0 failed, 0 pending", stdout, StringComparison.Ordinal);
        Assert.Empty(ChaosCampaign.Started(stdout));
        ChaosCampaign.AssertCompleteAndExact(workdir, reference.Energies);
    }

    [GeneratedRegex(@"Recovered the result of (job-\d+) from results\.db")]
    private static partial Regex RecoveredLine();
}
