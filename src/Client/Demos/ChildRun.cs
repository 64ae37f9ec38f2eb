using System.Diagnostics;
using System.Globalization;

namespace AutoPipe.Client.Demos;

/// <summary>
/// A child process of a demo (an <c>autopipe run</c>, or a worker): a real process that can be SIGKILLed, whose
/// output is echoed (indented, after a label) and kept for checks, and whose exit the demo notices at once.
/// </summary>
internal sealed class ChildRun : IDisposable
{
    /// <summary>How many of its last output lines a child that exited unexpectedly shows.</summary>
    public const int LinesShown = 12;

    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly Lock gate = new();
    private readonly string label;
    private readonly bool echo;
    private readonly TaskCompletionSource<int> exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool disposed;

    private ChildRun(Process process, string name, string label, bool echo)
    {
        this.process = process;
        Name = name;
        this.label = label;
        this.echo = echo;
    }

    /// <summary>What the demo calls it in its messages ("the run", "worker 1").</summary>
    public string Name { get; }

    public int ProcessId => process.Id;

    /// <summary>Completes with the exit code once the process has exited and its output has been read to the end.</summary>
    public Task<int> Exited => exited.Task;

    public string Output
    {
        get
        {
            lock (gate)
            {
                return string.Join('\n', lines);
            }
        }
    }

    /// <summary>Starts <c>autopipe run</c> on <paramref name="spec"/> (on Temporal when <paramref name="temporal"/> is given).</summary>
    public static ChildRun Start(string spec, string workdir, string name, bool echo, DemoTemporal? temporal = null) =>
        Launch(SelfCommand(["run", spec, "--workdir", workdir, "--progress", "none", .. temporal?.RunArguments ?? []]), name, "", echo);

    /// <summary>
    /// Starts <paramref name="start"/> as <paramref name="name"/>, its output kept and, when <paramref name="echo"/>, shown
    /// after <paramref name="label"/>.
    /// </summary>
    public static ChildRun Launch(ProcessStartInfo start, string name, string label, bool echo)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ClaimFailedException($"{name} could not start ({start.FileName}): {e.Message}", e);
        }

        var run = new ChildRun(process, name, label, echo);
        process.OutputDataReceived += (_, e) => run.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => run.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = run.WatchAsync();
        return run;
    }

    /// <summary>How to start this same program with <paramref name="args"/>, whether it runs as an apphost or via dotnet.</summary>
    public static ProcessStartInfo SelfCommand(params string[] args)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildRun).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    /// <summary>
    /// Waits for <paramref name="task"/> while <paramref name="children"/> must keep running: if one of them exits
    /// first, the claim fails at once, naming it with its exit code and last lines.
    /// </summary>
    public static async Task<T> UnlessOneExitsAsync<T>(Task<T> task, string before, params ChildRun[] children)
    {
        var first = await Task.WhenAny([task, .. children.Select(c => (Task)c.Exited)]).ConfigureAwait(false);
        if (first != task && children.FirstOrDefault(c => c.Exited.IsCompleted) is { } exited)
        {
            throw exited.ExitedUnexpectedly(await exited.Exited.ConfigureAwait(false), before);
        }

        return await task.ConfigureAwait(false);
    }

    /// <summary>Waits until any of <paramref name="children"/> exits or <paramref name="delay"/> passes; throws as <see cref="UnlessOneExitsAsync{T}"/>.</summary>
    public static Task DelayUnlessOneExitsAsync(TimeSpan delay, string before, CancellationToken cancellationToken, params ChildRun[] children)
    {
        return UnlessOneExitsAsync(DelayAsync(), before, children);

        async Task<bool> DelayAsync()
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>The failure of a child that exited with <paramref name="exit"/> while the demo still needed it.</summary>
    public ClaimFailedException ExitedUnexpectedly(int exit, string before) =>
        new($"{Name} (pid {ProcessId}) exited unexpectedly with {DescribeExit(exit)} {before}; {LastLines()}");

    /// <summary>The failure of a run that ended with <paramref name="exit"/> where success was claimed.</summary>
    public ClaimFailedException Failed(int exit, string what) =>
        new($"{what}, but {Name} (pid {ProcessId}) exited with {DescribeExit(exit)}; {LastLines()}");

    /// <summary>Its last output lines, for a message.</summary>
    public string LastLines()
    {
        List<string> last;
        lock (gate)
        {
            last = lines.TakeLast(LinesShown).ToList();
        }

        return last.Count == 0 ? "it printed nothing" : "its last lines:\n" + string.Join('\n', last.Select(l => $"    {label}| {l}"));
    }

    /// <summary>SIGKILL to the process and its children; returns once it has exited.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await Exited.ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        // Not under the lock: the output handlers take it, and this waits for the end of the output.
        process.WaitForExit();
        lock (gate)
        {
            SetExited();
            disposed = true;
            process.Dispose();
        }
    }

    private static string DescribeExit(int code) =>
        code > 128 && code < 160
            ? string.Create(CultureInfo.InvariantCulture, $"code {code} (signal {code - 128})")
            : string.Create(CultureInfo.InvariantCulture, $"code {code}");

    private async Task WatchAsync()
    {
        // Also waits for the end of its output, so the last lines are all there.
        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        lock (gate)
        {
            if (!disposed)
            {
                SetExited();
            }
        }
    }

    private void SetExited() => exited.TrySetResult(process.ExitCode);

    private void Collect(string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (gate)
        {
            lines.Add(line);
        }

        if (echo)
        {
            System.Console.WriteLine($"    {label}| {line}");
        }
    }
}
