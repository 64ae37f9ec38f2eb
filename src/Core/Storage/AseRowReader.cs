using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Core.Storage;

/// <summary>
/// Reads whole rows of an ASE SQLite database (schema 9, as ase/db/sqlite.py writes it): array blobs as
/// little-endian buffers, <c>data</c> as <c>object_to_bytes</c> encodes it. Read-only; safe while a run writes.
/// </summary>
public static class AseRowReader
{
    /// <summary>Every row, in id order.</summary>
    public static IEnumerable<AseStoredRow> ReadAll(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, numbers, positions, cell, pbc, energy, free_energy, forces, stress, calculator, fmax, smax, volume,
                   key_value_pairs, data
            FROM systems ORDER BY id
            """;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var numbers = Int32s(Blob(reader, 1) ?? []);
            var pbc = reader.IsDBNull(4) ? 0 : reader.GetInt32(4);
            yield return new AseStoredRow(
                reader.GetInt64(0),
                numbers,
                Rows(Doubles(Blob(reader, 2) ?? []), 3),
                Rows(Doubles(Blob(reader, 3) ?? new byte[72]), 3),
                [(pbc & 1) != 0, (pbc & 2) != 0, (pbc & 4) != 0],
                NullableDouble(reader, 5),
                NullableDouble(reader, 6),
                Blob(reader, 7) is byte[] forces ? Rows(Doubles(forces), 3) : null,
                Blob(reader, 8) is byte[] stress ? Doubles(stress) : null,
                reader.IsDBNull(9) ? "" : reader.GetString(9),
                NullableDouble(reader, 10),
                NullableDouble(reader, 11),
                NullableDouble(reader, 12),
                reader.IsDBNull(13) ? [] : JsonNode.Parse(reader.GetString(13))?.AsObject() ?? [],
                Blob(reader, 14) is byte[] data ? DataObject(data) : []);
        }
    }

    /// <summary>Decodes ASE's <c>object_to_bytes</c>: an int64 offset to a JSON text (arrays, which we never store, before it).</summary>
    internal static JsonObject DataObject(byte[] bytes)
    {
        if (bytes.Length < 8)
        {
            return [];
        }

        var offset = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        if (offset < 8 || offset > bytes.Length)
        {
            return [];
        }

        return JsonNode.Parse(Encoding.UTF8.GetString(bytes, (int)offset, bytes.Length - (int)offset)) as JsonObject ?? [];
    }

    private static byte[]? Blob(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : (byte[])reader.GetValue(column);

    private static double? NullableDouble(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetDouble(column);

    private static int[] Int32s(byte[] bytes)
    {
        var values = new int[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(i * 4));
        }

        return values;
    }

    private static double[] Doubles(byte[] bytes)
    {
        var values = new double[bytes.Length / 8];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(i * 8));
        }

        return values;
    }

    private static double[][] Rows(double[] values, int width) =>
        Enumerable.Range(0, values.Length / width).Select(r => values.AsSpan(r * width, width).ToArray()).ToArray();
}
