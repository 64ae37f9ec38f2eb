using System.Diagnostics;
using System.Globalization;

namespace AutoPipe.Client.Demos;

/// <summary>
/// The seed's second scenario: the same calculations one after the other, then on several workers. The speedup is the
/// ratio of the two runs' measured wall times, and how many calculations ran at once is measured too, from the start
/// and end of every attempt in each run's journal.
/// </summary>
internal static class ParallelDemo
{
    public static async Task<int> RunAsync(string folder, double seconds, int jobs, int workers, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{jobs} calculations of {DemoFiles.Seconds(seconds)}: one after the other, then on {workers} workers (each a whole autopipe run, process start included).");
        var dashboard = await DemoDashboard.StartAsync(Path.Combine(folder, "parallel"), "parallel run").ConfigureAwait(false);
        await using var stopDashboard = dashboard.ConfigureAwait(false);
        var (sequential, alone) = await TimeRunAsync(folder, "sequential", jobs, 1, seconds, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Sequential (1 worker):   {DemoFiles.Seconds(sequential)}  (ideal {DemoFiles.Seconds(jobs * seconds)}), at most {alone} at a time");
        var (parallel, together) = await TimeRunAsync(folder, "parallel", jobs, workers, seconds, cancellationToken).ConfigureAwait(false);
        var ideal = Math.Ceiling((double)jobs / workers) * seconds;
        Console.WriteLine($"Parallel ({workers} workers):    {DemoFiles.Seconds(parallel)}  (ideal {DemoFiles.Seconds(ideal)}), at most {together} at a time");
        var speedup = sequential / parallel;
        var idealSpeedup = jobs * seconds / ideal;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Speedup: {speedup:0.00}x (ideal {idealSpeedup:0.00}x)"));
        var claims = new List<string>();
        if (alone != 1)
        {
            claims.Add($"the sequential run should run one calculation at a time, but ran {alone} at once");
        }

        if (together != Math.Min(workers, jobs))
        {
            claims.Add($"the parallel run should run {Math.Min(workers, jobs)} calculations at once, but ran at most {together}");
        }

        if (speedup < 0.7 * idealSpeedup)
        {
            claims.Add(string.Create(CultureInfo.InvariantCulture, $"the speedup should be at least 70% of the ideal {idealSpeedup:0.00}x, but is {speedup:0.00}x"));
        }

        claims.ForEach(c => Console.WriteLine($"CLAIM FAILED: {c}"));
        return claims.Count > 0 ? ExitCodes.PermanentFailures : ExitCodes.Success;
    }

    /// <summary>Runs one campaign to its end; returns its wall time and the most calculations it ran at once.</summary>
    private static async Task<(double Seconds, int Peak)> TimeRunAsync(string folder, string name, int jobs, int workers, double seconds, CancellationToken cancellationToken)
    {
        var spec = DemoFiles.WriteSpec(folder, name, jobs, workers, seconds);
        var workdir = Path.Combine(folder, name);
        var clock = Stopwatch.StartNew();
        using var run = ChildRun.Start(spec, workdir, $"the {name} run", echo: false);
        var exit = await run.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalSeconds;
        if (exit != 0)
        {
            throw run.Failed(exit, $"the {name} run should complete its {jobs} calculations");
        }

        return (elapsed, DemoJournal.PeakConcurrency(DemoJournal.Read(workdir).Attempts));
    }
}
