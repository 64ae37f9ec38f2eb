using System.Diagnostics;

namespace AutoPipe.Tests.Shared;

/// <summary>
/// Runs a script in Debian's python3 with python3-ase (the reference reader of our files). Deliberately
/// /usr/bin/python3: another python3 on PATH may lack ASE.
/// </summary>
public static class AsePython
{
    public const string Interpreter = "/usr/bin/python3";

    public static string Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"python3 failed ({process.ExitCode}): {error.Result}\n{output.Result}");
        }

        return output.Result;
    }
}
