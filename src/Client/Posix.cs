using System.Runtime.InteropServices;

namespace AutoPipe.Client;

/// <summary>The one POSIX call .NET does not offer: SIGTERM to another process (Process.Kill only sends SIGKILL).</summary>
internal static class Posix
{
    private const int SigTerm = 15;

    public static void Terminate(int pid)
    {
        if (Kill(pid, SigTerm) != 0)
        {
            throw new InvalidOperationException($"cannot signal pid {pid} (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
