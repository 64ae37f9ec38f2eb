using Microsoft.Data.Sqlite;

namespace AutoPipe.Core.Storage;

/// <summary>
/// How AutoPipe opens its SQLite files: write-ahead logging (readers such as <c>ase db</c> never block the writer)
/// with synchronous=FULL, so a committed transaction survives a SIGKILL and a power cut alike.
/// </summary>
internal static class SqliteStore
{
    public static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public static void CheckpointWal(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        command.ExecuteNonQuery();
    }
}
