using System.Diagnostics;
using System.Globalization;

namespace AutoPipe.Client.Demos;

/// <summary>The seed's second scenario: the same calculations one after the other, then on several workers.</summary>
internal static class ParallelDemo
{
    public static async Task<int> RunAsync(string folder, double seconds, int jobs, int workers, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{jobs} calculations of {DemoFiles.Seconds(seconds)}: one after the other, then on {workers} workers (each a whole autopipe run, process start included).");
        var sequential = await TimeRunAsync(folder, "sequential", jobs, 1, seconds, cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"Sequential (1 worker):   {DemoFiles.Seconds(sequential)}  (ideal {DemoFiles.Seconds(jobs * seconds)})");
        var parallel = await TimeRunAsync(folder, "parallel", jobs, workers, seconds, cancellationToken).ConfigureAwait(false);
        var ideal = Math.Ceiling((double)jobs / workers) * seconds;
        Console.WriteLine($"Parallel ({workers} workers):    {DemoFiles.Seconds(parallel)}  (ideal {DemoFiles.Seconds(ideal)})");
        var speedup = sequential / parallel;
        var idealSpeedup = jobs * seconds / ideal;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Speedup: {speedup:0.00}x (ideal {idealSpeedup:0.00}x)"));
        if (speedup < 0.7 * idealSpeedup)
        {
            Console.WriteLine($"CLAIM FAILED: the speedup should be at least 70% of the ideal {idealSpeedup:0.00}x");
            return ExitCodes.PermanentFailures;
        }

        return ExitCodes.Success;
    }

    private static async Task<double> TimeRunAsync(string folder, string name, int jobs, int workers, double seconds, CancellationToken cancellationToken)
    {
        var spec = DemoFiles.WriteSpec(folder, name, jobs, workers, seconds);
        var clock = Stopwatch.StartNew();
        using var run = ChildRun.Start(spec, Path.Combine(folder, name), echo: false);
        var exit = await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            throw new InvalidOperationException($"the {name} run exited with {exit}:\n{run.Output}");
        }

        return clock.Elapsed.TotalSeconds;
    }
}
