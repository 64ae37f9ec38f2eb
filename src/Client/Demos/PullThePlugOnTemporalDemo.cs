using System.Diagnostics;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Demos;

/// <summary>
/// The seed's first scenario on the user's Temporal server: 10 calculations on one worker process, and mid-run both
/// the worker and the client (the projector that owns the directory) are SIGKILLed; the checkpoint shows what
/// survived; a new worker and a new client carry on, and every result is in the database exactly once.
/// </summary>
internal static class PullThePlugOnTemporalDemo
{
    public static async Task<int> RunAsync(string folder, double seconds, DemoTemporal temporal, CancellationToken cancellationToken)
    {
        const int jobs = 10;
        var campaign = temporal.Campaign("pull-the-plug");
        var spec = DemoFiles.WriteSpec(folder, campaign, jobs, workers: 1, seconds);
        var workdir = Path.Combine(folder, "work");
        Console.WriteLine($"On Temporal at {temporal.Address}, task queue {temporal.TaskQueue}: {jobs} calculations of {DemoFiles.Seconds(seconds)} on one worker process (2 at a time).");
        var clock = Stopwatch.StartNew();
        using (var worker = ChildWorker.Start(temporal, "worker 1", maxConcurrent: 2, echo: false))
        using (var client = ChildRun.Start(spec, workdir, echo: true, temporal))
        {
            while (DemoFiles.ReadCheckpoint(workdir).Completed.Count < 2)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(5) || client.HasExited)
                {
                    Console.WriteLine("CLAIM FAILED: the campaign did not get going (no two results within 5 minutes, or the client ended); see its output above");
                    return ExitCodes.PermanentFailures;
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            Console.WriteLine($"Pulling the plug after {DemoFiles.Seconds(clock.Elapsed.TotalSeconds)}: SIGKILL to the worker (pid {worker.ProcessId}) and to the client (pid {client.ProcessId})");
            worker.Kill();
            client.Kill();
            await client.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var claims = new List<string>();
        var (pending, completed) = DemoFiles.ShowCheckpointAfterCrash(workdir, jobs, claims);

        Console.WriteLine("Starting a new worker and the same command again; the calculations of the killed worker move to it once their heartbeats stop...");
        using (var worker = ChildWorker.Start(temporal, "worker 2", maxConcurrent: 2, echo: false))
        using (var client = ChildRun.Start(spec, workdir, echo: true, temporal))
        {
            var exit = await client.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                claims.Add($"the resumed run should succeed, but exited with {exit}");
            }
        }

        var rows = AseResultsReader.ReadAll(Path.Combine(workdir, "results.db"));
        var distinct = rows.Select(r => r.JobId).Distinct(StringComparer.Ordinal).Count();
        if (rows.Count != jobs || distinct != jobs)
        {
            claims.Add($"the database should hold {jobs} distinct results, but holds {rows.Count} rows for {distinct} jobs");
        }

        using (var journal = CampaignJournal.OpenExisting(Path.Combine(workdir, "state.db")))
        {
            var twice = journal?.LoadAttempts().Where(a => a.Outcome == "completed").GroupBy(a => a.Sequence).Count(g => g.Count() > 1) ?? 0;
            if (twice > 0)
            {
                claims.Add($"no calculation may complete twice, but {twice} did");
            }
        }

        temporal.PrintWhereToLook(campaign);
        if (claims.Count > 0)
        {
            claims.ForEach(c => Console.WriteLine($"CLAIM FAILED: {c}"));
            return ExitCodes.PermanentFailures;
        }

        Console.WriteLine($"Recovery successful! The database contains all {jobs} results exactly once, proving that no work was lost.");
        Console.WriteLine($"  ({completed.Count} completed before the crash were kept, {pending.Count} pending were finished by the new worker; files in {workdir})");
        return ExitCodes.Success;
    }
}
