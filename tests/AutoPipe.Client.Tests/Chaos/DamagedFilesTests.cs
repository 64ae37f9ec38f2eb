using System.Buffers.Binary;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Chaos;

/// <summary>
/// A run killed mid-campaign (through AUTOPIPE_FAULT, at a checkpoint write, so the latest batch is committed to both
/// databases), then one of its files damaged before the restart: checkpoint.json (a projection, rebuilt from the
/// journal) or results.db's write-ahead log (its last transaction torn, or all of it gone).
/// </summary>
[Collection(ChaosCollection.Name)]
public class DamagedFilesTests(ReferenceRun reference)
{
    private const string KillMidRun = "kill-before-checkpoint-rename@5";

    [Theory]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("truncated")]
    [InlineData("not-an-object")]
    public void Run_CheckpointDamaged_SaysSoRebuildsItAndLosesNothing(string damage)
    {
        using var dir = new TempDir();
        var (spec, workdir, durable) = KilledMidRun(dir);
        var checkpoint = Path.Combine(workdir, "checkpoint.json");
        var original = File.ReadAllBytes(checkpoint);
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(checkpoint, damage switch
        {
            "garbage" => garbage,
            "empty" => [],
            "truncated" => original[..(original.Length / 2)],
            _ => "[\"job-0001\"]"u8.ToArray(),
        });

        var (exit, stdout, stderr) = Cli.Run(120, "run", spec, "--workdir", workdir);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("checkpoint.json was unreadable", stdout, StringComparison.Ordinal);
        Assert.Contains("rebuilt it from the journal state.db, nothing was lost", stdout, StringComparison.Ordinal);
        ChaosCampaign.AssertNotRunAgain(durable, stdout);
        ChaosCampaign.AssertCompleteAndExact(workdir, reference.Energies);
    }

    [Theory]
    [InlineData("torn")]
    [InlineData("deleted")]
    public void Run_ResultsLogTornOrLost_RunsTheLostCalculationsAgainOnceEach(string damage)
    {
        using var dir = new TempDir();
        var (spec, workdir, durable) = KilledMidRun(dir);
        var wal = Path.Combine(workdir, "results.db-wal");
        if (damage == "torn")
        {
            // Cut the last committed transaction's commit frame in half: SQLite's recovery then drops the whole transaction.
            var (commitFrame, frameSize) = LastCommitFrame(wal);
            Assert.True(commitFrame > 0, "results.db-wal holds no committed transaction to tear");
            using var file = new FileStream(wal, FileMode.Open, FileAccess.Write);
            file.SetLength(commitFrame + (frameSize / 2));
        }
        else
        {
            File.Delete(wal);
        }

        var (exit, stdout, stderr) = Cli.Run(120, "run", spec, "--workdir", workdir);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("results.db lost its last", stdout, StringComparison.Ordinal);
        ChaosCampaign.AssertCompleteAndExact(workdir, reference.Energies);
        Assert.NotEmpty(durable);
    }

    private static (string Spec, string Workdir, HashSet<string> Durable) KilledMidRun(TempDir dir)
    {
        var spec = ChaosCampaign.Spec(dir);
        var workdir = Path.Combine(dir.Path, "work");
        var first = Cli.Run(120, ChaosCampaign.Fault(KillMidRun), "run", spec, "--workdir", workdir);
        Assert.True(first.Exit == 137, $"exit {first.Exit}\n{first.Stdout}{first.Stderr}");
        var durable = ChaosCampaign.DurablyCompleted(workdir);
        Assert.InRange(durable.Count, 1, ChaosCampaign.Jobs - 1);
        return (spec, workdir, durable);
    }

    /// <summary>
    /// The offset of the last commit frame of the write-ahead log's current generation (frames whose salt matches the
    /// header; a commit frame records the database size), per https://www.sqlite.org/fileformat2.html#walformat.
    /// </summary>
    private static (long Offset, int FrameSize) LastCommitFrame(string wal)
    {
        var bytes = File.ReadAllBytes(wal);
        var frameSize = 24 + BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8));
        var salt = bytes.AsSpan(16, 8).ToArray();
        var last = -1L;
        for (var offset = 32; offset + frameSize <= bytes.Length && bytes.AsSpan(offset + 8, 8).SequenceEqual(salt); offset += frameSize)
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset + 4)) != 0)
            {
                last = offset;
            }
        }

        return (last, frameSize);
    }
}
