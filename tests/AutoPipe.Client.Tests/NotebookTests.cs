using System.Diagnostics;
using System.Text.Json.Nodes;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests;

/// <summary>
/// notebooks/uat-c6.ipynb executed headless as a person would run it (Debian's jupyter-nbconvert, the .NET Interactive
/// C# kernel; .ci/run installs both): every cell runs, and a cell throws when its scenario's claim does not hold.
/// </summary>
[Collection(TimingCollection.Name)]
public class NotebookTests
{
    private const string NbConvert = "/usr/bin/jupyter-nbconvert";

    [Fact]
    public void UatC6Notebook_ShortenedTimings_EveryCellRunsAndEveryClaimHolds()
    {
        var root = Repository.Root;
        var tools = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools");
        Assert.True(File.Exists(NbConvert), $"{NbConvert} is missing: .ci/run installs jupyter-nbconvert and python3-nbclient");
        Assert.True(File.Exists(Path.Combine(tools, "dotnet-interactive")), "dotnet-interactive is missing: .ci/run installs it (dotnet tool install -g Microsoft.dotnet-interactive)");
        // The notebook references the Release build, as a reader who follows its first line would have it.
        var (buildExit, buildOutput) = Run(root, 300, null, "dotnet", "build", "src/Client", "-c", "Release", "-nologo", "-v", "q", "--disable-build-servers");
        Assert.True(buildExit == 0, buildOutput);
        using var output = new TempDir();

        var (exit, log) = Run(Path.Combine(root, "notebooks"), 420, tools, NbConvert, "--to", "notebook", "--execute", "uat-c6.ipynb",
            "--output-dir", output.Path, "--ExecutePreprocessor.timeout=300");

        Assert.True(exit == 0, log);
        // What the cells printed and displayed (the cells' source mentions the claims too, so it is left out).
        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(output.Path, "uat-c6.ipynb")))!["cells"]!.AsArray();
        var outputs = cells.SelectMany(c => c!["outputs"]?.AsArray() ?? []).ToList();
        Assert.DoesNotContain(outputs, o => o!["output_type"]!.GetValue<string>() == "error");
        var executed = string.Join('\n', outputs.Select(o => o!.ToJsonString()));
        Assert.DoesNotContain("CLAIM FAILED", executed, StringComparison.Ordinal);
        Assert.Equal(17, executed.Split("claim holds: ").Length - 1);
        Assert.Contains(", running when the plug was pulled, is pending", executed, StringComparison.Ordinal);
        Assert.Contains("Dashboard: http://127.0.0.1:", executed, StringComparison.Ordinal);
        Assert.Contains("Recovery successful! The database contains all 10 results", executed, StringComparison.Ordinal);
        Assert.Contains("Speedup: ", executed, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", executed, StringComparison.Ordinal);
        Assert.Contains("Retrying calculation (attempt 2 of 3)...", executed, StringComparison.Ordinal);
        Assert.Contains("All three scenarios hold.", executed, StringComparison.Ordinal);
    }

    private static (int Exit, string Output) Run(string directory, int seconds, string? extraPath, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (extraPath != null)
        {
            // The kernel is started as "dotnet interactive", which finds the global tool on PATH.
            start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") + Path.PathSeparator + extraPath;
        }

        start.Environment["AUTOPIPE_NOTEBOOK_JOB_SECONDS"] = "0.5";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {seconds} s");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
