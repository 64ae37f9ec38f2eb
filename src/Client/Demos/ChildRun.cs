using System.Diagnostics;
using System.Text;

namespace AutoPipe.Client.Demos;

/// <summary>
/// An <c>autopipe run</c> in a child process, as the demos need it: a real process that can be SIGKILLed, whose
/// output is echoed (indented) and kept for checks.
/// </summary>
internal sealed class ChildRun : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Lock gate = new();

    private ChildRun(Process process)
    {
        this.process = process;
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

    public static ChildRun Start(string spec, string workdir, bool echo, DemoTemporal? temporal = null)
    {
        var start = SelfCommand(["run", spec, "--workdir", workdir, "--progress", "none", .. temporal?.RunArguments ?? []]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start autopipe");
        var run = new ChildRun(process);
        process.OutputDataReceived += (_, e) => run.Collect(e.Data, echo);
        process.ErrorDataReceived += (_, e) => run.Collect(e.Data, echo);
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

    private void Collect(string? line, bool echo)
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
            System.Console.WriteLine("    | " + line);
        }
    }
}
