using AutoPipe.Client.Tests.Support;
using Xunit.Abstractions;

namespace AutoPipe.Client.Tests.Chaos;

/// <summary>
/// The chaos campaign SIGKILLed at 12 moments drawn from a seeded random generator and restarted each time: while the
/// campaign is being created, right after a resume, while a failed calculation waits for its retry, and after a random
/// number of further completions. Nothing may be lost, stored twice, or run again once durable.
/// </summary>
[Collection(ChaosCollection.Name)]
public class RandomKillTests(ReferenceRun reference, ITestOutputHelper output)
{
    private const int Kills = 12;

    [Fact]
    public void Run_KilledAtTwelveRandomMoments_EveryJobOneRowWithTheUninterruptedEnergy()
    {
        using var dir = new TempDir();
        var spec = ChaosCampaign.Spec(dir);
        var workdir = Path.Combine(dir.Path, "work");
        var random = new Random(20_260_529);
        var durable = new HashSet<string>(StringComparer.Ordinal);
        var moments = new List<string>();
        for (var round = 0; round < Kills; round++)
        {
            var floor = durable.Count;
            var (moment, condition) = Moment(round, floor, random, workdir);
            using var run = Cli.Start("run", spec, "--workdir", workdir);
            Poll.Until(() => run.HasExited || condition(run), 60, $"round {round}: {moment}");
            Assert.False(run.HasExited, $"round {round}: the run ended before the moment to kill it ({moment}):\n{run.Stdout}{run.Stderr}");
            run.Kill();
            moments.Add(moment);

            ChaosCampaign.AssertNotRunAgain(durable, run.Stdout);
            var checkpoint = Checkpoint.TryRead(workdir);
            if (checkpoint != null)
            {
                // A consistent projection: every job in exactly one of pending or completed, none failed for good.
                Assert.Equal(ChaosCampaign.Jobs, checkpoint.Pending.Concat(checkpoint.Completed).Distinct().Count());
                Assert.Equal(ChaosCampaign.Jobs, checkpoint.Pending.Count + checkpoint.Completed.Count);
                Assert.Empty(checkpoint.Failed);
                Assert.Superset(durable, checkpoint.Completed.ToHashSet(StringComparer.Ordinal));
            }

            durable = ChaosCampaign.DurablyCompleted(workdir);
            output.WriteLine($"kill {round + 1}: {moment}; checkpoint.json then showed {durable.Count} completed");
        }

        var (exit, stdout, stderr) = Cli.Run(120, "run", spec, "--workdir", workdir);

        Assert.True(exit == 0, $"moments: {string.Join("; ", moments)}\n{stdout}{stderr}");
        Assert.Equal(Kills, moments.Count);
        ChaosCampaign.AssertNotRunAgain(durable, stdout);
        ChaosCampaign.AssertCompleteAndExact(workdir, reference.Energies);
    }

    /// <summary>When round <paramref name="round"/> kills its run: a description and the condition to wait for.</summary>
    private static (string Moment, Func<Cli, bool> Condition) Moment(int round, int floor, Random random, string workdir)
    {
        var target = Math.Min(floor + random.Next(6, 17), ChaosCampaign.Jobs - 10);
        Func<Cli, bool> completed = _ => Checkpoint.TryRead(workdir)?.Completed.Count >= target;
        return (round, round % 4) switch
        {
            (0, _) => ("while the campaign is being created (results.db exists)", _ => File.Exists(Path.Combine(workdir, "results.db"))),
            (_, 2) => ("right after the resume is logged", run => run.Stdout.Contains("resubmitting", StringComparison.Ordinal)),
            (_, 3) => ($"once a retry is scheduled, or {target} completed", run => run.Stdout.Contains(": Retrying calculation", StringComparison.Ordinal) || completed(run)),
            _ => ($"once checkpoint.json shows {target} completed", completed),
        };
    }
}
