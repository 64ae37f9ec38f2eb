using System.Globalization;
using System.Text.Json;
using AutoPipe.Core.Planning;
using AutoPipe.Core.Policy.Learning;
using AutoPipe.Core.Structures;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Core.Storage;

/// <summary>
/// A campaign's durable record (<c>DIR/state.db</c>, SQLite in WAL mode): the frozen spec, every job with its state,
/// attempts, corrections, failures and learned start, the frozen structures, a log of attempts, and what the campaign
/// learned. The embedded runtime writes it as it runs, the Temporal projector as outcomes arrive; every change is a
/// committed transaction before anything acts on it.
/// </summary>
public sealed class CampaignJournal : IDisposable
{
    /// <summary>The meta key of what the campaign has learned from its repairs (<see cref="LearningState"/> as JSON).</summary>
    public const string LearningKey = "learning";

    private const string InitializedKey = "initialized";

    private readonly SqliteConnection connection;
    private bool? hasWorkerColumn;
    private bool? hasLearnedColumn;

    private CampaignJournal(SqliteConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>Opens the journal at <paramref name="path"/> if a campaign was fully created there, else null.</summary>
    public static CampaignJournal? OpenExisting(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var journal = new CampaignJournal(SqliteStore.Open(path));
        try
        {
            if (journal.TableExists("meta") && journal.ReadMeta(InitializedKey) == "1")
            {
                return journal;
            }
        }
        catch (SqliteException)
        {
            journal.Dispose();
            throw;
        }

        journal.Dispose();
        return null;
    }

    /// <summary>
    /// Creates the journal of <paramref name="plan"/> at <paramref name="path"/>, replacing a half-made one: all of it,
    /// or nothing (see <see cref="SqliteStore.Create"/>).
    /// </summary>
    public static CampaignJournal Create(string path, CampaignPlan plan, IReadOnlyDictionary<string, string> meta) =>
        new(SqliteStore.Create(path, (connection, transaction) => Build(connection, transaction, plan, meta)));

    private static void Build(SqliteConnection connection, SqliteTransaction transaction, CampaignPlan plan, IReadOnlyDictionary<string, string> meta)
    {
        foreach (var statement in new[]
                 {
                     "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                     """
                     CREATE TABLE jobs (seq INTEGER PRIMARY KEY, job_id TEXT NOT NULL UNIQUE, state INTEGER NOT NULL,
                         attempts INTEGER NOT NULL, interruptions INTEGER NOT NULL, not_before REAL, parameters TEXT,
                         corrections TEXT, failures TEXT, failure_reason TEXT, structure TEXT, learned TEXT)
                     """,
                     """
                     CREATE TABLE attempts (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, attempt INTEGER NOT NULL,
                         slot INTEGER NOT NULL, started REAL NOT NULL, ended REAL NOT NULL, outcome TEXT NOT NULL,
                         failure_kind TEXT, message TEXT, worker TEXT)
                     """,
                 })
        {
            Execute(connection, transaction, statement);
        }

        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO jobs (seq, job_id, state, attempts, interruptions, structure) VALUES ($seq, $id, 0, 0, 0, $structure)";
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var structure = insert.Parameters.Add("$structure", SqliteType.Text);
            insert.Prepare();
            foreach (var job in plan.Jobs)
            {
                seq.Value = job.Sequence;
                id.Value = job.JobId;
                structure.Value = job.Structure == null ? DBNull.Value : StructureJson.Write(job.Structure);
                insert.ExecuteNonQuery();
            }
        }

        foreach (var (key, value) in meta.Append(new(InitializedKey, "1")))
        {
            WriteMeta(connection, transaction, key, value);
        }
    }

    /// <summary>A value of the meta table, or null.</summary>
    public string? ReadMeta(string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    /// <summary>What the campaign has learned from its repairs so far, or null when it has not recorded any.</summary>
    public LearningState? ReadLearning() =>
        ReadMeta(LearningKey) is { } json ? JsonSerializer.Deserialize<LearningState>(json) : null;

    /// <summary>Wall seconds of every attempt recorded, and of those that ended failed or interrupted (one SQL sum, not every row).</summary>
    public (double All, double Failed) AttemptSeconds()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(ended - started), 0), COALESCE(SUM(CASE WHEN outcome = $completed THEN 0 ELSE ended - started END), 0) FROM attempts";
        command.Parameters.AddWithValue("$completed", AttemptEnd.Completed.Name());
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetDouble(0), reader.GetDouble(1));
    }

    /// <summary>Every job, structures aside, in input order.</summary>
    public List<JobRecord> LoadJobs()
    {
        using var command = connection.CreateCommand();
        // Journals written before campaigns learned from their repairs have no such column (and may be read-only here).
        command.CommandText = $"SELECT {JobColumns(HasColumn("jobs", "learned", ref hasLearnedColumn))} FROM jobs ORDER BY seq";
        using var reader = command.ExecuteReader();
        var jobs = new List<JobRecord>();
        while (reader.Read())
        {
            jobs.Add(ReadJob(reader));
        }

        return jobs;
    }

    /// <summary>The columns <see cref="ReadJob"/> reads, in its order (journals before learning have no <c>learned</c>).</summary>
    internal static string JobColumns(bool hasLearned) =>
        $"seq, job_id, state, attempts, interruptions, not_before, parameters, corrections, failures, failure_reason, {(hasLearned ? "learned" : "NULL")}";

    /// <summary>A job from a row of <see cref="JobColumns"/>.</summary>
    internal static JobRecord ReadJob(SqliteDataReader reader) => new()
    {
        Sequence = reader.GetInt32(0),
        JobId = reader.GetString(1),
        State = (JobState)reader.GetInt32(2),
        Attempts = reader.GetInt32(3),
        Interruptions = reader.GetInt32(4),
        NotBefore = reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)(reader.GetDouble(5) * 1000)),
        ParametersJson = reader.IsDBNull(6) ? null : reader.GetString(6),
        Corrections = reader.IsDBNull(7) ? [] : JsonSerializer.Deserialize<List<string>>(reader.GetString(7)) ?? [],
        Failures = reader.IsDBNull(8) ? [] : JsonSerializer.Deserialize<List<string>>(reader.GetString(8)) ?? [],
        FailureReason = reader.IsDBNull(9) ? null : reader.GetString(9),
        Learned = reader.IsDBNull(10) ? [] : JsonSerializer.Deserialize<List<string>>(reader.GetString(10)) ?? [],
    };

    /// <summary>The columns <see cref="ReadAttempt"/> reads, in its order (journals before workers were named have no <c>worker</c>).</summary>
    internal static string AttemptColumns(bool hasWorker) =>
        $"seq, attempt, slot, started, ended, outcome, failure_kind, message, {(hasWorker ? "worker" : "NULL")}";

    /// <summary>An attempt from a row of <see cref="AttemptColumns"/> that starts at column <paramref name="first"/>.</summary>
    internal static AttemptRecord ReadAttempt(SqliteDataReader reader, int first = 0) => new(
        reader.GetInt32(first), reader.GetInt32(first + 1), reader.GetInt32(first + 2),
        FromUnix(reader.GetDouble(first + 3)), FromUnix(reader.GetDouble(first + 4)), AttemptEnds.Parse(reader.GetString(first + 5)),
        reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6), reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
        reader.IsDBNull(first + 8) ? null : reader.GetString(first + 8));

    /// <summary>The frozen structure of job <paramref name="sequence"/>, or null for a generated one.</summary>
    public Structure? LoadStructure(int sequence)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT structure FROM jobs WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", sequence);
        return command.ExecuteScalar() is string json ? StructureJson.Read(json) : null;
    }

    /// <summary>Every attempt recorded, in the order they ended.</summary>
    public List<AttemptRecord> LoadAttempts()
    {
        using var command = connection.CreateCommand();
        // Journals written before attempts named their worker have no such column (and may be read-only here).
        command.CommandText = $"SELECT {AttemptColumns(HasColumn("attempts", "worker", ref hasWorkerColumn))} FROM attempts ORDER BY id";
        using var reader = command.ExecuteReader();
        var attempts = new List<AttemptRecord>();
        while (reader.Read())
        {
            attempts.Add(ReadAttempt(reader));
        }

        return attempts;
    }

    /// <summary>
    /// Commits, in one transaction, the new state of <paramref name="jobs"/>, the <paramref name="attempts"/> that
    /// ended, and the meta values given (such as the results watermark).
    /// </summary>
    public void Commit(IReadOnlyCollection<JobRecord> jobs, IReadOnlyCollection<AttemptRecord> attempts, IReadOnlyDictionary<string, string>? meta = null)
    {
        using var transaction = connection.BeginTransaction();
        if (!HasColumn("jobs", "learned", ref hasLearnedColumn))
        {
            // A journal from before campaigns learned from their repairs: add the column in this same transaction.
            Execute(connection, transaction, "ALTER TABLE jobs ADD COLUMN learned TEXT");
            hasLearnedColumn = true;
        }

        using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE jobs SET state = $state, attempts = $attempts, interruptions = $interruptions, not_before = $notBefore,
                    parameters = $parameters, corrections = $corrections, failures = $failures, failure_reason = $reason,
                    learned = $learned
                WHERE seq = $seq
                """;
            var seq = update.Parameters.Add("$seq", SqliteType.Integer);
            var state = update.Parameters.Add("$state", SqliteType.Integer);
            var attemptCount = update.Parameters.Add("$attempts", SqliteType.Integer);
            var interruptions = update.Parameters.Add("$interruptions", SqliteType.Integer);
            var notBefore = update.Parameters.Add("$notBefore", SqliteType.Real);
            var parameters = update.Parameters.Add("$parameters", SqliteType.Text);
            var corrections = update.Parameters.Add("$corrections", SqliteType.Text);
            var failures = update.Parameters.Add("$failures", SqliteType.Text);
            var reason = update.Parameters.Add("$reason", SqliteType.Text);
            var learned = update.Parameters.Add("$learned", SqliteType.Text);
            update.Prepare();
            foreach (var job in jobs)
            {
                seq.Value = job.Sequence;
                state.Value = (int)job.State;
                attemptCount.Value = job.Attempts;
                interruptions.Value = job.Interruptions;
                notBefore.Value = job.NotBefore is { } t ? t.ToUnixTimeMilliseconds() / 1000.0 : DBNull.Value;
                parameters.Value = (object?)job.ParametersJson ?? DBNull.Value;
                corrections.Value = job.Corrections.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(job.Corrections);
                failures.Value = job.Failures.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(job.Failures);
                reason.Value = (object?)job.FailureReason ?? DBNull.Value;
                learned.Value = job.Learned.Count == 0 ? DBNull.Value : JsonSerializer.Serialize(job.Learned);
                update.ExecuteNonQuery();
            }
        }

        if (attempts.Count > 0)
        {
            if (!HasColumn("attempts", "worker", ref hasWorkerColumn))
            {
                // A journal from before attempts named their worker: add the column in this same transaction.
                Execute(connection, transaction, "ALTER TABLE attempts ADD COLUMN worker TEXT");
                hasWorkerColumn = true;
            }

            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO attempts (seq, attempt, slot, started, ended, outcome, failure_kind, message, worker) VALUES ($seq, $attempt, $slot, $started, $ended, $outcome, $kind, $message, $worker)";
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            var attempt = insert.Parameters.Add("$attempt", SqliteType.Integer);
            var slot = insert.Parameters.Add("$slot", SqliteType.Integer);
            var started = insert.Parameters.Add("$started", SqliteType.Real);
            var ended = insert.Parameters.Add("$ended", SqliteType.Real);
            var outcome = insert.Parameters.Add("$outcome", SqliteType.Text);
            var kind = insert.Parameters.Add("$kind", SqliteType.Text);
            var message = insert.Parameters.Add("$message", SqliteType.Text);
            var worker = insert.Parameters.Add("$worker", SqliteType.Text);
            insert.Prepare();
            foreach (var record in attempts)
            {
                seq.Value = record.Sequence;
                attempt.Value = record.Attempt;
                slot.Value = record.Slot;
                started.Value = record.Started.ToUnixTimeMilliseconds() / 1000.0;
                ended.Value = record.Ended.ToUnixTimeMilliseconds() / 1000.0;
                outcome.Value = record.Outcome.Name();
                kind.Value = (object?)record.FailureKind ?? DBNull.Value;
                message.Value = (object?)record.Message ?? DBNull.Value;
                worker.Value = (object?)record.Worker ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }
        }

        foreach (var (key, value) in meta ?? new Dictionary<string, string>())
        {
            WriteMeta(connection, transaction, key, value);
        }

        transaction.Commit();
    }

    /// <summary>Folds the write-ahead log into the file at a clean end.</summary>
    public void Checkpoint() => SqliteStore.CheckpointWal(connection);

    /// <inheritdoc/>
    public void Dispose() => connection.Dispose();

    private bool TableExists(string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", name);
        return (long)command.ExecuteScalar()! > 0;
    }

    /// <summary>Whether <paramref name="table"/> has <paramref name="column"/> (journals grow columns), asked once.</summary>
    private bool HasColumn(string table, string column, ref bool? known)
    {
        if (known is { } answer)
        {
            return answer;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        known = (long)command.ExecuteScalar()! > 0;
        return known.Value;
    }

    private static DateTimeOffset FromUnix(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void WriteMeta(SqliteConnection connection, SqliteTransaction transaction, string key, string value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value.ToString(CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
    }
}
