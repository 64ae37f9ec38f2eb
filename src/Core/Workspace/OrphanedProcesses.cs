using System.Diagnostics;
using System.Globalization;
using Serilog;

namespace AutoPipe.Core.Workspace;

/// <summary>
/// Stops calculator processes that outlived a manager killed outright. Every attempt runs with its attempt folder
/// (<c>DIR/jobs/...</c>) as working directory, and launchers' children inherit it; so under the directory lock, any
/// process whose working directory lies there is a leftover of a dead run, competing for the cores. pw.x itself
/// also dies with its manager (PR_SET_PDEATHSIG); this catches what a launcher such as mpirun started.
/// </summary>
public static class OrphanedProcesses
{
    /// <summary>Kills every process working under <paramref name="workdir"/>'s jobs folder; returns how many.</summary>
    public static int Stop(Workdir workdir, ILogger log)
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc"))
        {
            return 0;
        }

        var jobs = Path.Combine(workdir.Root, "jobs") + Path.DirectorySeparatorChar;
        var stopped = new List<string>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string? cwd;
            try
            {
                cwd = new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // Gone already, or not ours to look at.
            }

            if (cwd == null || !(cwd + Path.DirectorySeparatorChar).StartsWith(jobs, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(pid);
                var name = process.ProcessName;
                process.Kill();
                stopped.Add($"{name} (pid {pid})");
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It ended between the scan and the kill.
            }
        }

        if (stopped.Count > 0)
        {
            log.Warning("Stopped {Count} calculation process(es) left running by the previous run: {Processes}", stopped.Count, string.Join(", ", stopped));
        }

        return stopped.Count;
    }
}
