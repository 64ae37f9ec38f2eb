using System.Diagnostics;
using System.Globalization;

namespace AutoPipe.Core.Diagnostics;

/// <summary>
/// Test-only fault injection for the chaos suite (tests/AutoPipe.Client.Tests/Chaos). <c>AUTOPIPE_FAULT=POINT</c> or
/// <c>POINT@N</c> makes the process act the N-th time (default: the first) it reaches POINT: a <c>kill-*</c> point
/// SIGKILLs the process itself there (no handler runs, nothing is flushed, exactly as <c>kill -9</c> would), a
/// <c>fail-*</c> point throws the <see cref="IOException"/> a full disk would. The variable is read once, at start-up;
/// unset, as it always is outside the tests, every <see cref="Reach"/> is a comparison against null.
/// </summary>
internal static class FaultInjection
{
    public const string Variable = "AUTOPIPE_FAULT";

    /// <summary>checkpoint.json's temporary file is written and flushed, not yet renamed (any write but the final one).</summary>
    public const string KillBeforeCheckpointRename = "kill-before-checkpoint-rename";

    /// <summary>The same, for the final write of a run (status "finished").</summary>
    public const string KillBeforeFinalCheckpointRename = "kill-before-final-checkpoint-rename";

    /// <summary>A batch's rows are inserted into results.db, the transaction not yet committed (a torn transaction).</summary>
    public const string KillMidResultsBatch = "kill-mid-results-batch";

    /// <summary>A batch's rows are committed to results.db, the journal's transaction not yet begun.</summary>
    public const string KillBetweenResultsAndJournal = "kill-between-results-and-journal";

    /// <summary>sbatch has accepted an attempt's batch job, the journal has not yet recorded its Slurm job id.</summary>
    public const string KillBetweenSbatchAndJournal = "kill-between-sbatch-and-journal";

    /// <summary>Storing a batch in results.db fails as on a full disk (where no small filesystem can be mounted).</summary>
    public const string FailResultsWrite = "fail-results-write";

    private static readonly (string? Point, int At) fault = Parse(Environment.GetEnvironmentVariable(Variable));
    private static int reached;

    /// <summary>Marks that the run reached <paramref name="point"/>; acts if that is the fault asked for.</summary>
    public static void Reach(string point)
    {
        if (fault.Point == null || !string.Equals(fault.Point, point, StringComparison.Ordinal) || Interlocked.Increment(ref reached) != fault.At)
        {
            return;
        }

        if (point.StartsWith("kill-", StringComparison.Ordinal))
        {
            using var self = Process.GetCurrentProcess();
            self.Kill();
            Thread.Sleep(Timeout.Infinite);
        }

        throw new IOException($"No space left on device (simulated by {Variable}={point})");
    }

    private static (string? Point, int Count) Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, 0);
        }

        var parts = value.Trim().Split('@', 2);
        return (parts[0], parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 1);
    }
}
