using System.Diagnostics;
using System.Text;

namespace AutoPipe.Client.Tests.Support;

/// <summary>The real <c>autopipe</c> program in a child process (the build next to the tests), as users run it.</summary>
public sealed class Cli : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder stdout = new();
    private readonly StringBuilder stderr = new();

    private Cli(Process process)
    {
        this.process = process;
    }

    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "autopipe.dll");

    public int Pid => process.Id;

    public string Stdout
    {
        get
        {
            lock (stdout)
            {
                return stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    public static Cli Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts autopipe with extra environment variables (the chaos suite's AUTOPIPE_FAULT).</summary>
    public static Cli Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var cli = new Cli(process);
        process.OutputDataReceived += (_, e) => Append(cli.stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(cli.stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>Runs to the end and returns the exit code (fails the test after <paramref name="seconds"/>).</summary>
    public static (int Exit, string Stdout, string Stderr) Run(int seconds, params string[] args) => Run(seconds, new Dictionary<string, string>(), args);

    public static (int Exit, string Stdout, string Stderr) Run(int seconds, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var cli = Start(environment, args);
        var exit = cli.Wait(seconds);
        return (exit, cli.Stdout, cli.Stderr);
    }

    public int Wait(int seconds)
    {
        if (!process.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"autopipe did not finish within {seconds} s.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed; what survives is what was committed.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>SIGKILL to the manager alone, as the OOM killer or a node failure would: its children are not told.</summary>
    public void KillManagerOnly()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private static void Append(StringBuilder buffer, string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
        }
    }
}
