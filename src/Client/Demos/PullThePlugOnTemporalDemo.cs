using System.Diagnostics;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Storage;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Runtime;

namespace AutoPipe.Client.Demos;

/// <summary>
/// The seed's first scenario on the user's Temporal server: 10 calculations on one worker process, and while it runs
/// some of them both the worker and the client (the projector that owns the directory) are SIGKILLed; a new worker and
/// a new client carry on, and every result is in the database exactly once. The moment comes from what the runtime
/// knows (the workflow's <c>Progress</c> query and its pending activities, never checkpoint.json, a projection that may
/// lag), and the claims from which worker completed what (each attempt's worker, as the workflow recorded it).
/// </summary>
internal static class PullThePlugOnTemporalDemo
{
    private static readonly TimeSpan queryTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string folder, double seconds, DemoTemporal temporal, CancellationToken cancellationToken)
    {
        const int jobs = 10;
        const int maxAttempts = 3;
        var campaign = temporal.Campaign("pull-the-plug");
        var spec = DemoFiles.WriteSpec(folder, campaign, jobs, workers: 1, seconds);
        var workdir = Path.Combine(folder, "work");
        var campaigns = await temporal.CampaignsAsync().ConfigureAwait(false);
        Console.WriteLine($"On Temporal at {temporal.Address}, task queue {temporal.TaskQueue}: {jobs} calculations of {DemoFiles.Seconds(seconds)} on one worker process (2 at a time).");
        var clock = Stopwatch.StartNew();
        WorkflowProgress progress;
        List<InFlightCalculation> running;
        int killedWorker;
        using (var worker = ChildWorker.Start(temporal, "worker 1", maxConcurrent: 2, echo: false))
        using (var client = ChildRun.Start(spec, workdir, "the client", echo: true, temporal))
        {
            const string before = "before the plug could be pulled (it should still be running calculations)";
            killedWorker = worker.ProcessId;
            while (true)
            {
                if (clock.Elapsed > DemoFiles.StartDeadline)
                {
                    throw new ClaimFailedException(
                        $"no calculation was running on worker 1 after one completed within {DemoFiles.StartDeadline.TotalMinutes:0} minutes; the client's {client.LastLines()}\nworker 1's {worker.LastLines()}");
                }

                var (answer, _) = await ChildRun.UnlessOneExitsAsync(campaigns.TryGetProgressAsync(campaign, queryTimeout), before, worker, client).ConfigureAwait(false);
                if (answer is { Completed: > 0, InFlight: > 0 })
                {
                    // Which calculations run where: the workflow's pending activities, each with the worker that took it.
                    running = (await ChildRun.UnlessOneExitsAsync(InFlightAsync(campaigns, campaign, maxAttempts), before, worker, client).ConfigureAwait(false))
                        .Where(c => ChildWorker.Is(worker.ProcessId, c.Worker)).ToList();
                    if (running.Count > 0)
                    {
                        progress = answer;
                        break;
                    }
                }

                await ChildRun.DelayUnlessOneExitsAsync(TimeSpan.FromMilliseconds(100), before, cancellationToken, worker, client).ConfigureAwait(false);
            }

            Console.WriteLine(
                $"Pulling the plug after {DemoFiles.Seconds(clock.Elapsed.TotalSeconds)}, the workflow at {progress.Completed} completed and {progress.Pending} pending, " +
                $"while {string.Join(", ", running.Select(c => c.JobId))} run on worker 1: SIGKILL to the worker (pid {worker.ProcessId}) and to the client (pid {client.ProcessId})");
            await worker.KillAsync().ConfigureAwait(false);
            await client.KillAsync().ConfigureAwait(false);
        }

        var claims = new List<string>();
        DemoFiles.ShowCheckpointAfterCrash(workdir, jobs, committed: null, claims);
        Console.WriteLine("  (a projection: the workflow knows more, and hands it to the next client)");

        Console.WriteLine("Starting a new worker and the same command again; the calculations of the killed worker move to it once their heartbeats stop...");
        int newWorker;
        using (var worker = ChildWorker.Start(temporal, "worker 2", maxConcurrent: 2, echo: false))
        using (var client = ChildRun.Start(spec, workdir, "the new client", echo: true, temporal))
        {
            newWorker = worker.ProcessId;
            var finished = client.Exited.WaitAsync(DemoFiles.StartDeadline, cancellationToken);
            int exit;
            try
            {
                exit = await ChildRun.UnlessOneExitsAsync(finished, "before the campaign finished", worker).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new ClaimFailedException($"the campaign did not finish within {DemoFiles.StartDeadline.TotalMinutes:0} minutes of the restart; the new client's {client.LastLines()}\nworker 2's {worker.LastLines()}");
            }

            if (exit != 0)
            {
                throw client.Failed(exit, "the resumed run should finish the campaign");
            }
        }

        var rows = AseResultsReader.ReadAll(Path.Combine(workdir, "results.db"));
        var distinct = rows.Select(r => r.JobId).Distinct(StringComparer.Ordinal).Count();
        if (rows.Count != jobs || distinct != jobs)
        {
            claims.Add($"the database should hold {jobs} distinct results, but holds {rows.Count} rows for {distinct} jobs");
        }

        // Who completed what, as the workflow recorded each attempt's worker.
        var journal = DemoJournal.Read(workdir);
        var completions = journal.Attempts.Where(a => a.Outcome == AttemptEnd.Completed).ToList();
        var twice = completions.GroupBy(a => a.Sequence).Count(g => g.Count() > 1);
        if (twice > 0)
        {
            claims.Add($"no calculation may complete twice, but {twice} did");
        }

        var kept = completions.Where(a => ChildWorker.Is(killedWorker, a.Worker)).Select(journal.JobId).ToHashSet(StringComparer.Ordinal);
        var finishedByNew = completions.Where(a => ChildWorker.Is(newWorker, a.Worker)).Select(journal.JobId).ToHashSet(StringComparer.Ordinal);
        var inFlight = running.Select(c => c.JobId).Where(finishedByNew.Contains).ToList();
        if (kept.Count == 0)
        {
            claims.Add("some calculations should have completed on worker 1 before the crash, but none did");
        }

        if (finishedByNew.Count == 0)
        {
            claims.Add("the crash should leave pending calculations for the new worker, but it finished none");
        }

        if (inFlight.Count == 0)
        {
            claims.Add($"a calculation in flight on the killed worker ({string.Join(", ", running.Select(c => c.JobId))}) should have been finished by the new worker, but none was");
        }

        if (kept.Count + finishedByNew.Count != completions.Count)
        {
            claims.Add($"every calculation should have completed on worker 1 or worker 2, but {completions.Count - kept.Count - finishedByNew.Count} completed elsewhere");
        }

        temporal.PrintWhereToLook(campaign);
        if (claims.Count > 0)
        {
            claims.ForEach(c => Console.WriteLine($"CLAIM FAILED: {c}"));
            return ExitCodes.PermanentFailures;
        }

        Console.WriteLine($"Recovery successful! The database contains all {jobs} results exactly once, proving that no work was lost.");
        Console.WriteLine(
            $"  ({kept.Count} completed before the crash were kept, {finishedByNew.Count} pending were finished by the new worker, " +
            $"{string.Join(", ", inFlight)} among them in flight on the killed worker; files in {workdir})");
        return ExitCodes.Success;
    }

    private static async Task<IReadOnlyList<InFlightCalculation>> InFlightAsync(TemporalCampaignClient campaigns, string campaign, int maxAttempts)
    {
        try
        {
            return await campaigns.GetInFlightAsync(campaign, maxAttempts, queryTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Temporalio.Exceptions.RpcException or Temporalio.Exceptions.RpcTimeoutOrCanceledException)
        {
            // The server is busy or the workflow not there yet: ask again.
            return [];
        }
    }
}
