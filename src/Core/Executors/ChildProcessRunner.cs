using System.Diagnostics;
using System.Runtime.InteropServices;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Core.Executors;

/// <summary>
/// Runs a command (pw.x, its launcher) as a child process whose whole tree dies with it: on timeout, on cancellation, and
/// when the manager itself is killed.
/// <para>
/// On Linux the command is started as <c>setsid --wait setpriv --pdeathsig KILL -- &lt;command&gt;</c> (both from
/// util-linux, present on Debian 12). <c>setsid</c> puts the child in its own session and process group, so one
/// <c>kill(-pgid)</c> also reaches launcher children that were re-parented away from the tree; <c>setpriv</c> sets
/// <c>PR_SET_PDEATHSIG</c> before exec-ing the command, so the kernel kills it if the manager dies, even by SIGKILL.
/// The death signal follows the *thread* that forked the child, so the child is started from a dedicated thread that
/// lives exactly as long as the child. Grandchildren of a launcher (mpirun's ranks) are covered by the process-group
/// kill on timeout and cancellation, but after a SIGKILL of the manager only by the launcher's own clean-up.
/// </para>
/// </summary>
internal static class ChildProcessRunner
{
    private const int SigKill = 9;
    private const string SetsidPath = "/usr/bin/setsid";
    private const string SetprivPath = "/usr/bin/setpriv";

    /// <summary>
    /// Runs <paramref name="command"/> in <paramref name="workingDirectory"/> with stdout and stderr to files, and
    /// returns its exit code, or null when it ran past <paramref name="timeout"/> and was killed. Throws
    /// <see cref="OperationCanceledException"/> on cancellation, once the tree is dead.
    /// </summary>
    public static async Task<int?> RunAsync(
        IReadOnlyList<string> command,
        string workingDirectory,
        string stdoutPath,
        string stderrPath,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var isolated = OperatingSystem.IsLinux() && File.Exists(SetsidPath) && File.Exists(SetprivPath);
        var argv = isolated
            ? new List<string> { SetsidPath, "--wait", SetprivPath, "--pdeathsig", "KILL", "--" }.Concat(command).ToList()
            : command.ToList();

        var startInfo = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1))
        {
            startInfo.ArgumentList.Add(arg);
        }

        // One thread per rank: an inherited OpenMP default would oversubscribe the cores the runtime hands out.
        if (!startInfo.Environment.ContainsKey("OMP_NUM_THREADS"))
        {
            startInfo.Environment["OMP_NUM_THREADS"] = "1";
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var owner = new Thread(() =>
        {
            Process process;
            try
            {
                process = Process.Start(startInfo) ?? throw new InvalidOperationException($"cannot start {argv[0]}");
            }
            catch (Exception e)
            {
                started.SetException(e);
                return;
            }

            started.SetResult(process);
            // This thread is the child's parent for PR_SET_PDEATHSIG: it must not end before the child does.
            process.WaitForExit();
            exited.SetResult(process.ExitCode);
        })
        {
            IsBackground = true,
            Name = "child process owner",
        };
        owner.Start();

        Process child;
        try
        {
            child = await started.Task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new CalculationFailedException(FailureKind.InputError, $"cannot start '{string.Join(' ', command)}': {e.Message}", e);
        }

        using (child)
        {
            child.StandardInput.Close();
            var stdout = PumpAsync(child.StandardOutput.BaseStream, stdoutPath);
            var stderr = PumpAsync(child.StandardError.BaseStream, stderrPath);

            using var timeoutSource = new CancellationTokenSource(timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
            int? exitCode;
            try
            {
                exitCode = await exited.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                KillTree(child, isolated);
                await exited.Task.ConfigureAwait(false);
                exitCode = null;
            }

            // A launcher's child that escaped the kill could hold the pipes open; the files are complete once the
            // tree is gone, so the pumps get a bounded wait rather than an unbounded one.
            await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(10), time, CancellationToken.None)).ConfigureAwait(false);
            if (exitCode is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            return exitCode;
        }
    }

    private static void KillTree(Process process, bool isolated)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited; its process group may still hold re-parented children.
        }

        if (isolated)
        {
            // setsid made the child the leader of its own group (pgid == pid), so this reaches only its tree.
            _ = Kill(-process.Id, SigKill);
        }
    }

    private static async Task PumpAsync(Stream source, string path)
    {
        await using var target = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 4096, useAsync: true);
        var buffer = new byte[16384];
        int read;
        while ((read = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            // Flushed per chunk so the progress tail sees the SCF iterations as they come.
            await target.FlushAsync().ConfigureAwait(false);
        }
    }

    // Blittable arguments only, so the classic DllImport needs no marshalling (LibraryImport would need unsafe code).
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
