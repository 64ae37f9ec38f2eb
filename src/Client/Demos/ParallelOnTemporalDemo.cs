using System.Diagnostics;
using System.Globalization;

namespace AutoPipe.Client.Demos;

/// <summary>
/// The seed's second scenario on the user's Temporal server: the same calculations on one worker process, then on
/// several (one calculation at a time each), timed as whole <c>autopipe run</c>s.
/// </summary>
internal static class ParallelOnTemporalDemo
{
    public static async Task<int> RunAsync(string folder, double seconds, int jobs, int workers, DemoTemporal temporal, CancellationToken cancellationToken)
    {
        Console.WriteLine($"On Temporal at {temporal.Address}: {jobs} calculations of {DemoFiles.Seconds(seconds)} on 1 worker process, then on {workers} (one calculation at a time each).");
        var (one, _) = await TimeRunAsync(folder, "one-worker", jobs, 1, seconds, temporal, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"1 worker process:   {DemoFiles.Seconds(one)}  (ideal {DemoFiles.Seconds(jobs * seconds)})");
        var (many, campaign) = await TimeRunAsync(folder, "many-workers", jobs, workers, seconds, temporal, cancellationToken).ConfigureAwait(false);
        var ideal = Math.Ceiling((double)jobs / workers) * seconds;
        Console.WriteLine($"{workers} worker processes: {DemoFiles.Seconds(many)}  (ideal {DemoFiles.Seconds(ideal)})");
        var speedup = one / many;
        var idealSpeedup = jobs * seconds / ideal;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Speedup: {speedup:0.00}x (ideal {idealSpeedup:0.00}x)"));
        temporal.PrintWhereToLook(campaign);
        if (speedup < 0.6 * idealSpeedup)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CLAIM FAILED: the speedup should be at least 60% of the ideal {idealSpeedup:0.00}x"));
            return ExitCodes.PermanentFailures;
        }

        return ExitCodes.Success;
    }

    private static async Task<(double Seconds, string Campaign)> TimeRunAsync(string folder, string name, int jobs, int workers, double seconds, DemoTemporal temporal, CancellationToken cancellationToken)
    {
        // Each run has its own task queue, so the first run's worker cannot help the second.
        var own = new DemoTemporal(temporal.Address, temporal.Namespace, temporal.UiAddress);
        var campaign = own.Campaign(name);
        var spec = DemoFiles.WriteSpec(folder, campaign, jobs, workers: 1, seconds);
        var processes = Enumerable.Range(1, workers).Select(i => ChildWorker.Start(own, $"worker {i}", maxConcurrent: 1, echo: false)).ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            using var run = ChildRun.Start(spec, Path.Combine(folder, name), echo: false, own);
            var exit = await run.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                throw new InvalidOperationException($"the {name} run exited with {exit}:\n{run.Output}");
            }

            return (clock.Elapsed.TotalSeconds, campaign);
        }
        finally
        {
            processes.ForEach(p => p.Dispose());
        }
    }
}
