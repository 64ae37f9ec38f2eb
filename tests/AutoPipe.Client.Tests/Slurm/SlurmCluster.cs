using System.Diagnostics;
using AutoPipe.Core.Executors.Slurm;

namespace AutoPipe.Client.Tests.Slurm;

/// <summary>The real Slurm cluster the tests run against (setup-test-machine.sh starts a single-node one), seen through squeue.</summary>
public static class SlurmCluster
{
    private static readonly Lazy<bool> answers = new(ClusterAnswers);

    /// <summary>True when sbatch is on PATH and the controller answers.</summary>
    private static bool ClusterAnswers()
    {
        if (SlurmCommands.Find(SlurmCommands.Sbatch) == null)
        {
            return false;
        }

        try
        {
            return SlurmCommands.RunAsync(SlurmCommands.Squeue, ["--noheader", "--me"], CancellationToken.None).GetAwaiter().GetResult().ExitCode == 0;
        }
        catch (SlurmCommandException)
        {
            return false;
        }
    }

    /// <summary>Why the Slurm tests cannot run here, or null when they can.</summary>
    public static string? Missing => answers.Value
        ? null
        : "no live Slurm cluster here (sbatch not on PATH, or squeue gets no answer): run 'bash setup-test-machine.sh' as root to install and start one";

    /// <summary>Every job Slurm remembers whose name starts with <paramref name="prefix"/>: (id, name, state).</summary>
    public static List<(string Id, string Name, string State)> Jobs(string prefix)
    {
        var output = Run("squeue", "--noheader", "--me", "--states=all", "--format=%i|%j|%T");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Trim().Split('|'))
            .Where(p => p.Length == 3 && p[1].StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => (p[0], p[1], p[2]))
            .ToList();
    }

    /// <summary>The jobs with <paramref name="prefix"/> still queued or running.</summary>
    public static List<(string Id, string Name, string State)> Active(string prefix) =>
        Jobs(prefix).Where(j => j.State is "PENDING" or "RUNNING" or "CONFIGURING" or "COMPLETING" or "SUSPENDED").ToList();

    /// <summary>The name prefix of every job of campaign <paramref name="campaign"/>.</summary>
    public static string Prefix(string campaign) => $"ap.{campaign}.";

    public static void Cancel(string id) => Run("scancel", id);

    /// <summary>Drains the (single) node: running jobs go on, nothing new starts.</summary>
    public static void Drain(string reason) => Run("scontrol", "update", $"NodeName={Node}", "State=DRAIN", $"Reason={reason}");

    /// <summary>Puts the node back into service.</summary>
    public static void Resume()
    {
        var state = Run("sinfo", "--noheader", $"--nodes={Node}", "--format=%t").Trim();
        if (state.StartsWith("drain", StringComparison.Ordinal) || state.StartsWith("drng", StringComparison.Ordinal))
        {
            Run("scontrol", "update", $"NodeName={Node}", "State=RESUME");
        }
    }

    /// <summary>The cluster's (first) node, by its host name.</summary>
    public static string Node => Run("sinfo", "--noheader", "--format=%n").Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();

    /// <summary>Submits <paramref name="script"/> with sbatch's own <paramref name="options"/> (they override its #SBATCH lines) and extra environment; returns the job id.</summary>
    public static string Submit(string script, IReadOnlyDictionary<string, string> environment, params string[] options) =>
        Run("sbatch", environment, [.. options, "--parsable", script]).Trim().Split(';')[0];

    /// <summary>Submits <paramref name="command"/> (sbatch --wrap) with <paramref name="options"/>; returns the job id.</summary>
    public static string SubmitCommand(string command, params string[] options) =>
        Run("sbatch", [.. options, "--parsable", "--wrap=" + command]).Trim().Split(';')[0];

    private static string Run(string tool, params string[] args) => Run(tool, new Dictionary<string, string>(), args);

    private static string Run(string tool, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed: {stderr}");
        }

        return stdout;
    }
}
