using System.Diagnostics;
using System.Globalization;

namespace AutoPipe.Client.Tests.Support;

/// <summary>Compute workers as separate processes (the real AutoPipe.Worker built beside the tests), as in production.</summary>
public static class TemporalWorkers
{
    /// <summary>The server the Temporal tests run against, or null (they skip, saying so: <see cref="TemporalFactAttribute"/>).</summary>
    public static string? Address => TemporalServer.Address;

    /// <summary>Starts a worker on <paramref name="queue"/>; without <paramref name="calculators"/> it runs the built-in mock.</summary>
    public static Process Start(string queue, string? calculators = null, int maxConcurrent = 2)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = false };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "autopipe-worker.dll"), "--address", Address!, "--task-queue", queue,
                     "--max-concurrent-calculations", maxConcurrent.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        if (calculators != null)
        {
            start.ArgumentList.Add("--calculators");
            start.ArgumentList.Add(calculators);
        }

        return Process.Start(start)!;
    }

    /// <summary>
    /// Waits until <paramref name="count"/> worker processes poll <paramref name="queue"/> for workflow and activity
    /// tasks, so that a timed campaign does not time the workers' start-up.
    /// </summary>
    public static void WaitUntilPolling(string queue, int count)
    {
        var client = Temporalio.Client.TemporalClient.ConnectAsync(new(Address!)).GetAwaiter().GetResult();
        var campaigns = new AutoPipe.Worker.Runtime.TemporalCampaignClient(client, queue);
        AutoPipe.Tests.Shared.Poll.Until(() => campaigns.CountWorkersAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult() >= count, 120, $"{count} workers polling {queue}");
    }

    /// <summary>Kills every worker still running and disposes them.</summary>
    public static void StopAll(IEnumerable<Process?> workers)
    {
        foreach (var worker in workers)
        {
            if (worker is { HasExited: false })
            {
                worker.Kill(entireProcessTree: true);
            }

            worker?.Dispose();
        }
    }
}
