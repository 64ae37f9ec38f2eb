using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using AutoPipe.Core.Structures;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Core.Storage;

/// <summary>
/// Reads back the rows of an ASE SQLite database (schema 9, as ase/db/sqlite.py writes it): array blobs as
/// little-endian buffers, <c>data</c> as <c>object_to_bytes</c> encodes it. Read-only; safe while a run writes.
/// </summary>
public static class AseResultsReader
{
    /// <summary>Every row's summary (job, formula, energy, fmax, attempts, provenance), in id order.</summary>
    public static List<ResultSummary> ReadAll(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, numbers, energy, fmax, key_value_pairs, calculator, data FROM systems ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<ResultSummary>();
        while (reader.Read())
        {
            var keys = JsonNode.Parse(reader.GetString(4))?.AsObject();
            rows.Add(new ResultSummary(
                reader.GetInt64(0),
                keys?["job_id"]?.GetValue<string>() ?? "",
                Formula((byte[])reader.GetValue(1)),
                reader.IsDBNull(2) ? double.NaN : reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetDouble(3),
                keys?["attempts"]?.GetValue<int>() ?? 0,
                reader.IsDBNull(5) ? "" : reader.GetString(5),
                reader.IsDBNull(6) ? null : DataObject((byte[])reader.GetValue(6))["provenance"]?.DeepClone() as JsonObject));
        }

        return rows;
    }

    /// <summary>Every row whole (positions, cell, forces, stress, keys, data), in id order.</summary>
    public static IEnumerable<AseStoredRow> ReadRows(string path)
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

    private static string Formula(byte[] numbers)
    {
        var counts = new List<(int Z, int Count)>();
        for (var i = 0; i + 4 <= numbers.Length; i += 4)
        {
            var z = BinaryPrimitives.ReadInt32LittleEndian(numbers.AsSpan(i));
            var index = counts.FindIndex(c => c.Z == z);
            if (index < 0)
            {
                counts.Add((z, 1));
            }
            else
            {
                counts[index] = (z, counts[index].Count + 1);
            }
        }

        var text = new StringBuilder();
        foreach (var (z, count) in counts)
        {
            text.Append(ChemicalElements.Symbol(z));
            if (count > 1)
            {
                text.Append(count);
            }
        }

        return text.ToString();
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
