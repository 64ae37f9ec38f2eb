using System.Globalization;

namespace AutoPipe.Core.Workspace;

/// <summary>
/// One manager per working directory: an exclusive lock on <c>.autopipe.lock</c> (on Linux .NET takes it with
/// flock, which the kernel releases when the holder dies, even by SIGKILL, so a crash never leaves it stuck).
/// </summary>
public sealed class WorkdirLock : IDisposable
{
    /// <summary>
    /// What .NET puts in <see cref="Exception.HResult"/> when another process holds the lock: flock's raw errno
    /// EWOULDBLOCK on Unix (11 on Linux, 35 on macOS), ERROR_SHARING_VIOLATION on Windows.
    /// </summary>
    private static readonly int[] lockHeldCodes = [11, 35, unchecked((int)0x80070020)];

    private readonly FileStream stream;
    private readonly Workdir workdir;

    private WorkdirLock(FileStream stream, Workdir workdir)
    {
        this.stream = stream;
        this.workdir = workdir;
    }

    /// <summary>Takes the lock at once or throws <see cref="WorkdirBusyException"/> naming the holder.</summary>
    public static WorkdirLock Acquire(Workdir workdir)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(workdir.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (lockHeldCodes.Contains(e.HResult))
        {
            // Only a lock held by another process means busy: a read-only or full filesystem must say so instead.
            throw new WorkdirBusyException($"another autopipe run holds {workdir.Root}{Holder(workdir)}; wait for it to end or stop it first");
        }

        return new WorkdirLock(stream, workdir);
    }

    /// <summary>
    /// Names this process as the holder, once the run has accepted the directory (a run refused for bad input
    /// leaves the directory untouched). The lock file itself cannot be read while locked (.NET takes a shared flock
    /// to read), so the name goes to a plain file beside it.
    /// </summary>
    public void Announce() =>
        File.WriteAllText(OwnerFile(workdir), $"pid {Environment.ProcessId} on {Environment.MachineName} since {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z");

    /// <summary>Whether some process holds the lock now (used by status to tell a live run from a dead one).</summary>
    public static bool IsHeld(Workdir workdir)
    {
        if (!File.Exists(workdir.LockFile))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(workdir.LockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException e)
        {
            // A read-only filesystem refuses the probe too, but then no run can be writing there.
            return lockHeldCodes.Contains(e.HResult);
        }
    }

    /// <summary>The process id the current holder wrote, if it can be read.</summary>
    public static int? HolderProcessId(Workdir workdir)
    {
        try
        {
            var words = File.ReadAllText(OwnerFile(workdir)).Split(' ');
            return words.Length > 1 && words[0] == "pid" && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => stream.Dispose();

    private static string Holder(Workdir workdir)
    {
        try
        {
            var owner = File.ReadAllText(OwnerFile(workdir)).Trim();
            return owner.Length == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" ({owner})");
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static string OwnerFile(Workdir workdir) => workdir.LockFile + ".owner";
}
