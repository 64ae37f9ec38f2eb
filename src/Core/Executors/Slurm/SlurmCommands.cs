using System.Diagnostics;

namespace AutoPipe.Core.Executors.Slurm;

/// <summary>Runs Slurm's command-line tools (sbatch, squeue, scontrol, scancel) and captures what they print.</summary>
public static class SlurmCommands
{
    /// <summary>Submits a batch script.</summary>
    public const string Sbatch = "sbatch";

    /// <summary>Lists the queue.</summary>
    public const string Squeue = "squeue";

    /// <summary>Shows a job Slurm still remembers.</summary>
    public const string Scontrol = "scontrol";

    /// <summary>Cancels jobs.</summary>
    public const string Scancel = "scancel";

    private static readonly TimeSpan commandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The full path of <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/>; throws when it cannot start or hangs.</summary>
    public static async Task<SlurmCommandResult> RunAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(Find(tool) ?? tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new SlurmCommandException($"cannot start {tool}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SlurmCommandException($"cannot start {tool}: {e.Message}", e);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(commandTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new SlurmCommandException($"{tool} did not answer within {commandTimeout.TotalSeconds} s");
            }

            return new SlurmCommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }
}
