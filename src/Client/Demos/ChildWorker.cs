using System.Diagnostics;
using System.Globalization;

namespace AutoPipe.Client.Demos;

/// <summary>
/// A compute worker (<c>autopipe-worker</c>, built beside <c>autopipe</c>) in a child process on a demo's task queue,
/// started without an allow-list (the built-in mock); its log is kept (the workflow's retries are logged there).
/// </summary>
internal static class ChildWorker
{
    public static ChildRun Start(DemoTemporal temporal, string label, int maxConcurrent, bool echo)
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

        return ChildRun.Launch(start, label + " ", echo);
    }
}
