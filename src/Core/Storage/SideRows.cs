using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Core.Storage;

/// <summary>
/// Rows for one of ASE's side tables (species, keys, text_key_values), gathered over a batch as a JSON array of arrays
/// and inserted with a single statement. Holds integers and strings only: both survive JSON exactly.
/// </summary>
internal sealed class SideRows : IDisposable
{
    private readonly ArrayBufferWriter<byte> buffer = new();
    private readonly Utf8JsonWriter json;
    private int count;

    public SideRows()
    {
        json = new Utf8JsonWriter(buffer);
        json.WriteStartArray();
    }

    public void Add(string key, long id)
    {
        json.WriteStartArray();
        json.WriteStringValue(key);
        json.WriteNumberValue(id);
        json.WriteEndArray();
        count++;
    }

    public void Add(string key, string value, long id)
    {
        json.WriteStartArray();
        json.WriteStringValue(key);
        json.WriteStringValue(value);
        json.WriteNumberValue(id);
        json.WriteEndArray();
        count++;
    }

    public void Add(long a, long b, long id)
    {
        json.WriteStartArray();
        json.WriteNumberValue(a);
        json.WriteNumberValue(b);
        json.WriteNumberValue(id);
        json.WriteEndArray();
        count++;
    }

    /// <summary>Inserts the rows into <paramref name="table"/> (name and column list) of <paramref name="columns"/> columns.</summary>
    public void InsertInto(SqliteConnection connection, SqliteTransaction transaction, string table, int columns)
    {
        json.WriteEndArray();
        json.Flush();
        if (count == 0)
        {
            return;
        }

        var values = string.Join(", ", Enumerable.Range(0, columns).Select(i => string.Create(CultureInfo.InvariantCulture, $"value ->> {i}")));
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} SELECT {values} FROM json_each($rows)";
        command.Parameters.AddWithValue("$rows", Encoding.UTF8.GetString(buffer.WrittenSpan));
        command.ExecuteNonQuery();
    }

    public void Dispose() => json.Dispose();
}
