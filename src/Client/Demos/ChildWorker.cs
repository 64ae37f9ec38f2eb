using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace AutoPipe.Client.Demos;

/// <summary>
/// A compute worker (<c>autopipe-worker</c>, built beside <c>autopipe</c>) in a child process on a demo's task queue,
/// started without an allow-list (the built-in mock); its log is kept (the workflow's retries are logged there) and
/// echoed, indented.
/// </summary>
internal sealed class ChildWorker : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();
    private readonly string label;
    private readonly bool echo;

    private ChildWorker(Process process, string label, bool echo)
    {
        this.process = process;
        this.label = label;
        this.echo = echo;
    }

    public int ProcessId => process.Id;

    public string Output
    {
        get
        {
            lock (gate)
            {
                return output.ToString();
            }
        }
    }

    public static ChildWorker Start(DemoTemporal temporal, string label, int maxConcurrent, bool echo)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "autopipe-worker.dll");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     dll, "--address", temporal.Address, "--namespace", temporal.Namespace, "--task-queue", temporal.TaskQueue,
                     "--max-concurrent-calculations", maxConcurrent.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {dll}");
        var worker = new ChildWorker(process, label, echo);
        process.OutputDataReceived += (_, e) => worker.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    public void Kill() => process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (gate)
        {
            output.AppendLine(line);
        }

        if (echo)
        {
            Console.WriteLine($"    {label} | {line}");
        }
    }
}
