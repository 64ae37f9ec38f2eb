using Microsoft.Data.Sqlite;

namespace AutoPipe.Core.Storage;

/// <summary>
/// How AutoPipe opens its SQLite files: write-ahead logging (readers such as <c>ase db</c> never block the writer)
/// with synchronous=FULL, so a committed transaction survives a SIGKILL and a power cut alike.
/// </summary>
internal static class SqliteStore
{
    /// <summary>
    /// Loads SQLite (its native library, the provider, the code that opens a connection) on another thread: tens of
    /// milliseconds of a cold start that can overlap with reading and planning the campaign. Whoever opens a
    /// connection meanwhile waits for the same one-time initialisation, never for more; a failure here is left to
    /// that real open to report.
    /// </summary>
    public static void WarmUp() => _ = Task.Run(() =>
    {
        try
        {
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        }
        catch (Exception e) when (e is SqliteException or DllNotFoundException or TypeInitializationException)
        {
            // The open that needs SQLite says what is wrong.
        }
    });

    public static SqliteConnection Open(string path)
    {
        var connection = Connect(path);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Creates the database at <paramref name="path"/> whole, or not at all, with what <paramref name="build"/> writes
    /// in one transaction, and opens it. It is built under a temporary name that nobody else opens, with neither a
    /// journal nor syncs, then synced once and renamed into place: one fsync instead of the dozen that switching a new
    /// file to WAL and committing its schema cost (a noticeable part of a short campaign's start-up), and a crash
    /// leaves no half-made file. The folder entry becomes durable with the first commit, whose sync of the new
    /// write-ahead log also syncs the folder (SQLite does so for every file it creates); until then the file holds
    /// nothing that a fresh start would not make again. Replaces what is at <paramref name="path"/> (a half-made file of
    /// an earlier crash, with its write-ahead log): the caller holds the directory and knows it holds nothing else.
    /// </summary>
    public static SqliteConnection Create(string path, Action<SqliteConnection, SqliteTransaction> build)
    {
        var building = path + ".new";
        File.Delete(building);
        try
        {
            using (var connection = Connect(building))
            {
                Execute(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;");
                using (var transaction = connection.BeginTransaction())
                {
                    build(connection, transaction);
                    transaction.Commit();
                }

                // WAL is a property of the file (its header), kept by every later connection.
                Execute(connection, "PRAGMA journal_mode=WAL;");
            }

            using (var file = new FileStream(building, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                file.Flush(flushToDisk: true);
            }

            // A stale log beside the new file would be replayed into it.
            File.Delete(path + "-wal");
            File.Delete(path + "-shm");
            File.Move(building, path, overwrite: true);
        }
        catch
        {
            File.Delete(building);
            throw;
        }

        return Open(path);
    }

    public static void CheckpointWal(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Connect(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
