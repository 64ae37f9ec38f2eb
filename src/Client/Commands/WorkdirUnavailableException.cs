using Microsoft.Data.Sqlite;

namespace AutoPipe.Client.Commands;

/// <summary>
/// The working directory, or a file a command reads or writes for it, cannot be used: a read-only or full disk,
/// permissions, a database that cannot be read. Thrown by the command that knows which file it was about, so the
/// message names it; exit 3.
/// </summary>
internal sealed class WorkdirUnavailableException : Exception
{
    public WorkdirUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether <paramref name="failure"/> is the file system's or SQLite's refusal rather than a bug of ours.</summary>
    public static bool IsStorageFailure(Exception failure) => failure is IOException or UnauthorizedAccessException or SqliteException;
}
