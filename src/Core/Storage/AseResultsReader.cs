using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using AutoPipe.Core.Structures;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Core.Storage;

/// <summary>Reads back the rows AutoPipe wrote to an ASE database (read-only; safe while a run writes).</summary>
public static class AseResultsReader
{
    /// <summary>Every row, in id order.</summary>
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
                reader.IsDBNull(6) ? null : AseRowReader.DataObject((byte[])reader.GetValue(6))["provenance"]?.DeepClone() as JsonObject));
        }

        return rows;
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
}
