using System.Diagnostics;
using System.Text;

namespace AutoPipe.Client.Demos;

/// <summary>
/// A child process of a demo (an <c>autopipe run</c>, or a worker): a real process that can be SIGKILLed, whose
/// output is echoed (indented, after a label) and kept for checks.
/// </summary>
internal sealed class ChildRun : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();
    private readonly string label;
    private readonly bool echo;

    private ChildRun(Process process, string label, bool echo)
    {
        this.process = process;
        this.label = label;
        this.echo = echo;
    }

    public int ProcessId => process.Id;

    public bool HasExited => process.HasExited;

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

    /// <summary>Starts <c>autopipe run</c> on <paramref name="spec"/> (on Temporal when <paramref name="temporal"/> is given).</summary>
    public static ChildRun Start(string spec, string workdir, bool echo, DemoTemporal? temporal = null) =>
        Launch(SelfCommand(["run", spec, "--workdir", workdir, "--progress", "none", .. temporal?.RunArguments ?? []]), "", echo);

    /// <summary>Starts <paramref name="start"/>, its output kept and, when <paramref name="echo"/>, shown after <paramref name="label"/>.</summary>
    public static ChildRun Launch(ProcessStartInfo start, string label, bool echo)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var run = new ChildRun(process, label, echo);
        process.OutputDataReceived += (_, e) => run.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => run.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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

    public void Kill() => process.Kill(entireProcessTree: true);

    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode;
    }

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
            System.Console.WriteLine($"    {label}| {line}");
        }
    }
}
