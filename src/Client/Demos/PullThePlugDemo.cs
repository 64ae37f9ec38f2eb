using System.Diagnostics;
using System.Text.RegularExpressions;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Demos;

/// <summary>
/// The seed's first scenario for real: 10 calculations on one worker in a child process, SIGKILLed while a calculation
/// runs; the journal and the checkpoint show what survived; a new process on the same directory resumes and the
/// database ends complete. Every claim is checked against what the runtime itself recorded: its log lines (a slot's
/// <c>Running calculation</c>, the writer's <c>Completed calculation</c>, logged once committed) and its journal.
/// </summary>
internal static partial class PullThePlugDemo
{
    public static async Task<int> RunAsync(string folder, double seconds, CancellationToken cancellationToken)
    {
        const int jobs = 10;
        var killAfter = TimeSpan.FromSeconds(seconds * 1.4);
        var spec = DemoFiles.WriteSpec(folder, "pull-the-plug", jobs, workers: 1, seconds);
        var workdir = Path.Combine(folder, "work");
        Console.WriteLine($"Starting the campaign in a separate process: {jobs} calculations of {DemoFiles.Seconds(seconds)} on 1 worker.");
        var clock = Stopwatch.StartNew();
        LoggedCalculations atKill;
        using (var first = ChildRun.Start(spec, workdir, "the run", echo: true))
        {
            // Pull the plug at the seed's moment, but only while a calculation runs and after one result is durable, as
            // the run itself says: the point is to lose work in flight and keep what was done.
            while (true)
            {
                atKill = LoggedCalculations.Read(first.Output);
                if (clock.Elapsed >= killAfter && atKill.Completed.Count > 0 && atKill.InFlight.Count > 0)
                {
                    break;
                }

                if (clock.Elapsed > DemoFiles.StartDeadline)
                {
                    throw new ClaimFailedException($"no calculation was running after one completed within {DemoFiles.StartDeadline.TotalMinutes:0} minutes; {first.LastLines()}");
                }

                await ChildRun.DelayUnlessOneExitsAsync(TimeSpan.FromMilliseconds(20), "before the plug could be pulled (it should still be running calculations)", cancellationToken, first).ConfigureAwait(false);
            }

            Console.WriteLine($"Pulling the plug after {DemoFiles.Seconds(clock.Elapsed.TotalSeconds)}, while {string.Join(", ", atKill.InFlight)} runs: SIGKILL to pid {first.ProcessId}");
            await first.KillAsync().ConfigureAwait(false);
            // Everything it said before it died: what was in flight at the very end.
            atKill = LoggedCalculations.Read(first.Output);
        }

        Console.WriteLine("Workflow process terminated unexpectedly!");
        var claims = new List<string>();
        var crash = DemoJournal.Read(workdir);
        Console.WriteLine($"state.db, the journal the run resumes from: {crash.Completed.Count} completed, {crash.Pending.Count} pending");
        DemoFiles.ShowCheckpointAfterCrash(workdir, jobs, crash.Completed, claims);
        var inFlight = atKill.InFlight.Where(crash.Pending.Contains).ToList();
        if (crash.Pending.Count == 0)
        {
            claims.Add("the crash should leave pending calculations, but the journal holds none");
        }

        if (crash.Completed.Count == 0)
        {
            claims.Add("some calculations should have completed before the crash, but the journal holds none");
        }

        if (inFlight.Count == 0)
        {
            claims.Add($"a calculation should have been in flight when the plug was pulled, but the journal holds {string.Join(", ", atKill.InFlight)} as finished");
        }

        var lost = atKill.Completed.Where(id => !crash.Completed.Contains(id)).ToList();
        if (lost.Count > 0)
        {
            claims.Add($"a completion the run logged is committed, but the journal lost {string.Join(", ", lost)}");
        }

        Console.WriteLine("Restarting in the same directory...");
        using (var second = ChildRun.Start(spec, workdir, "the resumed run", echo: true))
        {
            var exit = await second.Exited.ConfigureAwait(false);
            if (exit != 0)
            {
                throw second.Failed(exit, "the resumed run should finish the campaign");
            }

            var resumed = LoggedCalculations.Read(second.Output);
            var found = FoundCheckpoint().Match(second.Output);
            if (!found.Success || found.Groups["completed"].Value != $"{crash.Completed.Count}" || found.Groups["pending"].Value != $"{crash.Pending.Count}")
            {
                claims.Add($"the resumed run should say it found {crash.Completed.Count} completed and {crash.Pending.Count} pending, but said: {(found.Success ? found.Value : "nothing of the kind")}");
            }

            var rerun = crash.Completed.Where(resumed.Started.Contains).ToList();
            if (rerun.Count > 0)
            {
                claims.Add($"completed calculations must not run again, but {string.Join(", ", rerun)} did");
            }

            var unfinished = crash.Pending.Where(id => !resumed.Completed.Contains(id)).ToList();
            if (unfinished.Count > 0)
            {
                claims.Add($"the resumed run should finish every pending calculation, but did not finish {string.Join(", ", unfinished)}");
            }
        }

        var rows = AseResultsReader.ReadAll(Path.Combine(workdir, "results.db"));
        var distinct = rows.Select(r => r.JobId).Distinct(StringComparer.Ordinal).Count();
        if (rows.Count != jobs || distinct != jobs)
        {
            claims.Add($"the database should hold {jobs} distinct results, but holds {rows.Count} rows for {distinct} jobs");
        }

        if (claims.Count > 0)
        {
            claims.ForEach(c => Console.WriteLine($"CLAIM FAILED: {c}"));
            return ExitCodes.PermanentFailures;
        }

        Console.WriteLine($"Recovery successful! The database contains all {jobs} results, proving that no work was lost.");
        Console.WriteLine(
            $"  ({crash.Completed.Count} completed before the crash were kept, {crash.Pending.Count} pending were finished by the resumed process, " +
            $"{string.Join(", ", inFlight)} among them in flight when the plug was pulled; files in {workdir})");
        return ExitCodes.Success;
    }

    [GeneratedRegex(@"Found checkpoint in .*: (?<completed>\d+) completed, \d+ failed, (?<pending>\d+) pending")]
    private static partial Regex FoundCheckpoint();
}
