using System.Diagnostics;
using System.Globalization;

namespace AutoPipe.Client.Demos;

/// <summary>
/// A compute worker (<c>autopipe-worker</c>, built and published beside <c>autopipe</c>) in a child process on a demo's
/// task queue, started without an allow-list (the built-in mock); its log is kept (the workflow's retries are logged there).
/// </summary>
internal static class ChildWorker
{
    public static ChildRun Start(DemoTemporal temporal, string name, int maxConcurrent, bool echo)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "autopipe-worker.dll"), "--address", temporal.Address, "--namespace", temporal.Namespace,
                     "--task-queue", temporal.TaskQueue, "--max-concurrent-calculations", maxConcurrent.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        return ChildRun.Launch(start, name, name + " ", echo);
    }

    /// <summary>
    /// True when <paramref name="identity"/> (a Temporal worker identity or an attempt's worker, <c>pid@host</c>) is that
    /// of the worker process <paramref name="processId"/> (the demo's workers all run on this machine).
    /// </summary>
    public static bool Is(int processId, string? identity) =>
        identity != null && identity.StartsWith(processId.ToString(CultureInfo.InvariantCulture) + "@", StringComparison.Ordinal);
}
