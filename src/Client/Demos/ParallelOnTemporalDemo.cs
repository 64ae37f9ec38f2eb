using System.Diagnostics;
using System.Globalization;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Demos;

/// <summary>
/// The seed's second scenario on the user's Temporal server: the same calculations on one worker process, then on
/// several (one calculation at a time each), timed as whole <c>autopipe run</c>s once the workers poll; how many worker processes took part
/// and how many calculations ran at once are measured from each attempt's worker, start and end as the workflow
/// recorded them.
/// </summary>
internal static class ParallelOnTemporalDemo
{
    /// <summary>
    /// The share of the ideal speedup the claim needs. Timed once the workers poll, a run costs its calculations plus
    /// the client's start and a few round trips (workflow start, first batch, last hand-over): with calculations of
    /// 2 s, 8 of them on 4 worker processes, 80 % leaves about a second for that.
    /// </summary>
    private const double MinimumShareOfIdeal = 0.8;

    public static async Task<int> RunAsync(string folder, double seconds, int jobs, int workers, DemoTemporal temporal, CancellationToken cancellationToken)
    {
        Console.WriteLine($"On Temporal at {temporal.Address}: {jobs} calculations of {DemoFiles.Seconds(seconds)} on 1 worker process, then on {workers} (one calculation at a time each).");
        var dashboard = await DemoDashboard.StartAsync(Path.Combine(folder, "many-workers"), $"run on {workers} worker processes").ConfigureAwait(false);
        await using var stopDashboard = dashboard.ConfigureAwait(false);
        var one = await TimeRunAsync(folder, "one-worker", jobs, 1, seconds, temporal, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"1 worker process:   {DemoFiles.Seconds(one.Seconds)}  (ideal {DemoFiles.Seconds(jobs * seconds)}), at most {one.Peak} at a time");
        var many = await TimeRunAsync(folder, "many-workers", jobs, workers, seconds, temporal, cancellationToken).ConfigureAwait(false);
        var ideal = Math.Ceiling((double)jobs / workers) * seconds;
        Console.WriteLine($"{workers} worker processes: {DemoFiles.Seconds(many.Seconds)}  (ideal {DemoFiles.Seconds(ideal)}), at most {many.Peak} at a time, on {many.Workers} of them");
        var speedup = one.Seconds / many.Seconds;
        var idealSpeedup = jobs * seconds / ideal;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Speedup: {speedup:0.00}x (ideal {idealSpeedup:0.00}x)"));
        temporal.PrintWhereToLook(many.Campaign);
        var claims = new List<string>();
        if (one.Peak != 1)
        {
            claims.Add($"one worker process with one slot should run one calculation at a time, but ran {one.Peak} at once");
        }

        if (many.Peak < 2)
        {
            claims.Add($"{workers} worker processes should run calculations at the same time, but never ran two at once");
        }

        if (speedup < MinimumShareOfIdeal * idealSpeedup)
        {
            claims.Add(string.Create(CultureInfo.InvariantCulture, $"the speedup should be at least {MinimumShareOfIdeal:P0} of the ideal {idealSpeedup:0.00}x, but is {speedup:0.00}x"));
        }

        claims.ForEach(c => Console.WriteLine($"CLAIM FAILED: {c}"));
        return claims.Count > 0 ? ExitCodes.PermanentFailures : ExitCodes.Success;
    }

    private static async Task<(double Seconds, int Peak, int Workers, string Campaign)> TimeRunAsync(string folder, string name, int jobs, int workers, double seconds, DemoTemporal temporal, CancellationToken cancellationToken)
    {
        // Each run has its own task queue, so the first run's worker cannot help the second.
        var own = new DemoTemporal(temporal.Address, temporal.Namespace, temporal.UiAddress);
        var campaign = own.Campaign(name);
        var spec = DemoFiles.WriteSpec(folder, campaign, jobs, workers: 1, seconds);
        var workdir = Path.Combine(folder, name);
        var processes = Enumerable.Range(1, workers).Select(i => ChildWorker.Start(own, $"worker {i}", maxConcurrent: 1, echo: false)).ToList();
        try
        {
            // Timed from the moment every worker polls: the campaign's time, as a user whose workers already run sees it.
            await own.WaitForWorkersAsync(workers, processes, cancellationToken).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            using var run = ChildRun.Start(spec, workdir, $"the {name} client", echo: false, own);
            int exit;
            try
            {
                exit = await ChildRun.UnlessOneExitsAsync(run.Exited.WaitAsync(DemoFiles.StartDeadline, cancellationToken), $"before the {name} run finished", [.. processes]).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new ClaimFailedException($"the {name} run did not finish within {DemoFiles.StartDeadline.TotalMinutes:0} minutes; {run.LastLines()}");
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            if (exit != 0)
            {
                throw run.Failed(exit, $"the {name} run should complete its {jobs} calculations");
            }

            var journal = DemoJournal.Read(workdir);
            var workersUsed = journal.Attempts.Where(a => a.Outcome == AttemptEnd.Completed).Select(a => a.Worker).Distinct(StringComparer.Ordinal).Count();
            return (elapsed, DemoJournal.PeakConcurrency(journal.Attempts), workersUsed, campaign);
        }
        finally
        {
            processes.ForEach(p => p.Dispose());
        }
    }
}
