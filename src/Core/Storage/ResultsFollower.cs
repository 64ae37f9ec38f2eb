using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Core.Storage;

/// <summary>
/// Follows results.db while a run writes it, read-only: only the rows whose id is above the last one seen, so that a
/// view's cost per look does not grow with the campaign. The database may not exist yet: then there is nothing new.
/// </summary>
public sealed class ResultsFollower : IDisposable
{
    private readonly string path;
    private SqliteConnection? connection;

    /// <summary>Follows the ASE database at <paramref name="path"/>.</summary>
    public ResultsFollower(string path)
    {
        this.path = path;
    }

    /// <summary>The rows with an id above <paramref name="afterId"/>, at most <paramref name="limit"/>, in id order.</summary>
    public IReadOnlyList<ResultLabels> ReadSince(long afterId, int limit)
    {
        if (Open() is not { } open)
        {
            return [];
        }

        using var command = open.CreateCommand();
        command.CommandText = "SELECT id, key_value_pairs, natoms, energy, forces FROM systems WHERE id > $after ORDER BY id LIMIT $limit";
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<ResultLabels>();
        while (reader.Read())
        {
            var keys = JsonNode.Parse(reader.GetString(1)) as JsonObject;
            var forces = reader.IsDBNull(4) ? [] : (byte[])reader.GetValue(4);
            var magnitudes = new double[forces.Length / 24];
            for (var atom = 0; atom < magnitudes.Length; atom++)
            {
                var (x, y, z) = (Component(forces, atom, 0), Component(forces, atom, 1), Component(forces, atom, 2));
                magnitudes[atom] = Math.Sqrt(x * x + y * y + z * z);
            }

            rows.Add(new ResultLabels(
                reader.GetInt64(0),
                keys?["job_id"]?.GetValue<string>() ?? "",
                reader.IsDBNull(2) ? 0 : reader.GetInt32(2),
                reader.IsDBNull(3) ? double.NaN : reader.GetDouble(3),
                magnitudes));
        }

        return rows;
    }

    /// <inheritdoc/>
    public void Dispose() => connection?.Dispose();

    private static double Component(byte[] forces, int atom, int axis) => BinaryPrimitives.ReadDoubleLittleEndian(forces.AsSpan(((atom * 3) + axis) * 8));

    private SqliteConnection? Open()
    {
        if (connection != null)
        {
            return connection;
        }

        if (!File.Exists(path))
        {
            return null;
        }

        var opened = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 30 }.ToString());
        opened.Open();
        using var probe = opened.CreateCommand();
        probe.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'systems'";
        if ((long)probe.ExecuteScalar()! == 0)
        {
            // Created but not yet initialised: look again next time.
            opened.Dispose();
            return null;
        }

        connection = opened;
        return connection;
    }
}
