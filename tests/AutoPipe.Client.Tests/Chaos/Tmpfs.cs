using System.Diagnostics;

namespace AutoPipe.Client.Tests.Chaos;

/// <summary>A small tmpfs mounted for one test (a real full or read-only filesystem), where this machine allows it (root).</summary>
public sealed class Tmpfs : IDisposable
{
    private Tmpfs(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MB at <paramref name="path"/>, or returns null if not allowed.</summary>
    public static Tmpfs? TryMount(string path, int megabytes)
    {
        Directory.CreateDirectory(path);
        return Mount("-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path) ? new Tmpfs(path) : null;
    }

    public void Remount(bool readOnly) => Assert.True(Mount("-o", readOnly ? "remount,ro" : "remount,rw", Path), "remount " + Path);

    /// <summary>Writes a file until the filesystem is full.</summary>
    public void Fill()
    {
        var chunk = new byte[64 * 1024];
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
            {
                filler.Write(chunk);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
    }

    public void Free() => File.Delete(System.IO.Path.Combine(Path, "filler"));

    public void Dispose() => Mount("umount", "-l", Path);

    private static bool Mount(params string[] args)
    {
        var command = args[0] == "umount" ? "umount" : "mount";
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in command == "umount" ? args[1..] : args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
