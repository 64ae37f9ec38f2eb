using AutoPipe.Core.Structures;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Core.Storage;

/// <summary>
/// Follows the journal (<c>state.db</c>) of a campaign that a run in this or another process writes, read-only:
/// totals once (<see cref="ReadSummary"/>), then only what changed (<see cref="ReadSince"/>: the attempts whose id
/// is above the last one seen, and the current record of their jobs), so that a view's cost per look does not grow
/// with the campaign. Each read is one transaction, a consistent snapshot: the journal commits a job's new state and
/// the attempt that caused it together.
/// </summary>
public sealed class JournalFollower : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly bool hasWorker;
    private readonly bool hasLearned;

    private JournalFollower(SqliteConnection connection)
    {
        this.connection = connection;
        hasWorker = HasColumn("attempts", "worker");
        hasLearned = HasColumn("jobs", "learned");
    }

    /// <summary>Opens the journal at <paramref name="path"/> when a campaign was fully created there, else null.</summary>
    public static JournalFollower? TryOpen(string path)
    {
        // Opening it read-write would create it: first make sure the campaign exists, as status does.
        using (var journal = CampaignJournal.OpenExisting(path))
        {
            if (journal == null)
            {
                return null;
            }
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        return new JournalFollower(connection);
    }

    /// <summary>Totals and the <paramref name="latest"/> latest attempts: read once, when following starts (its cost grows with the campaign).</summary>
    public JournalSummary ReadSummary(int latest)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        var spec = Scalar(transaction, "SELECT value FROM meta WHERE key = 'spec'") as string ?? "";
        int total = 0, completed = 0, failed = 0;
        using (var command = Command(transaction, "SELECT state, COUNT(*) FROM jobs GROUP BY state"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var count = reader.GetInt32(1);
                total += count;
                completed += (JobState)reader.GetInt32(0) == JobState.Completed ? count : 0;
                failed += (JobState)reader.GetInt32(0) == JobState.Failed ? count : 0;
            }
        }

        long attempts;
        double seconds;
        using (var command = Command(transaction, "SELECT COUNT(*), COALESCE(SUM(ended - started), 0) FROM attempts"))
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            (attempts, seconds) = (reader.GetInt64(0), reader.GetDouble(1));
        }

        var recent = ReadAttempts(
            transaction,
            $"SELECT * FROM (SELECT id, {CampaignJournal.AttemptColumns(hasWorker)} FROM attempts ORDER BY id DESC LIMIT $limit) ORDER BY id",
            0,
            latest);
        return new JournalSummary(spec, total, completed, failed, attempts, seconds, new JournalChanges(recent, ReadJobs(transaction, recent)));
    }

    /// <summary>
    /// The attempts with an id above <paramref name="afterId"/> (at most <paramref name="limit"/>, oldest first) and the
    /// jobs now of those that did not complete and of the last <paramref name="jobsOfLatest"/> (a completed attempt
    /// says all a count needs: its job completed; reading every job would cost more than the attempts).
    /// </summary>
    public JournalChanges ReadSince(long afterId, int limit, int jobsOfLatest = int.MaxValue)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        var attempts = ReadAttempts(
            transaction,
            $"SELECT id, {CampaignJournal.AttemptColumns(hasWorker)} FROM attempts WHERE id > $after ORDER BY id LIMIT $limit",
            afterId,
            limit);
        var latest = Math.Max(0, attempts.Count - jobsOfLatest);
        return new JournalChanges(attempts, ReadJobs(transaction, attempts.Where((a, i) => i >= latest || a.Attempt.Outcome != AttemptEnd.Completed).ToList()));
    }

    /// <summary>The job <paramref name="jobId"/> and its frozen structure (null for a generated one), or null when there is no such job.</summary>
    public (JobRecord Job, Structure? Structure)? ReadJob(string jobId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {CampaignJournal.JobColumns(hasLearned)}, structure FROM jobs WHERE job_id = $id";
        command.Parameters.AddWithValue("$id", jobId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return (CampaignJournal.ReadJob(reader), reader.IsDBNull(11) ? null : StructureJson.Read(reader.GetString(11)));
    }

    /// <summary>Counts the jobs by state again (its cost grows with the campaign: for the moments a run starts or ends).</summary>
    public (int Completed, int Failed) CountFinished()
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = Command(transaction, $"SELECT COALESCE(SUM(state = {(int)JobState.Completed}), 0), COALESCE(SUM(state = {(int)JobState.Failed}), 0) FROM jobs");
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    /// <inheritdoc/>
    public void Dispose() => connection.Dispose();

    private List<FollowedAttempt> ReadAttempts(SqliteTransaction transaction, string sql, long afterId, int limit)
    {
        using var command = Command(transaction, sql);
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var attempts = new List<FollowedAttempt>();
        while (reader.Read())
        {
            attempts.Add(new FollowedAttempt(reader.GetInt64(0), CampaignJournal.ReadAttempt(reader, 1)));
        }

        return attempts;
    }

    private Dictionary<int, JobRecord> ReadJobs(SqliteTransaction transaction, List<FollowedAttempt> attempts)
    {
        var jobs = new Dictionary<int, JobRecord>();
        if (attempts.Count == 0)
        {
            return jobs;
        }

        using var command = Command(transaction, $"SELECT {CampaignJournal.JobColumns(hasLearned)} FROM jobs WHERE seq IN (SELECT value FROM json_each($seqs))");
        command.Parameters.AddWithValue("$seqs", "[" + string.Join(',', attempts.Select(a => a.Attempt.Sequence).Distinct()) + "]");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var job = CampaignJournal.ReadJob(reader);
            jobs[job.Sequence] = job;
        }

        return jobs;
    }

    private SqliteCommand Command(SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private object? Scalar(SqliteTransaction transaction, string sql)
    {
        using var command = Command(transaction, sql);
        return command.ExecuteScalar();
    }

    private bool HasColumn(string table, string column)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM pragma_table_info($table) WHERE name = $column";
        command.Parameters.AddWithValue("$table", table);
        command.Parameters.AddWithValue("$column", column);
        return (long)command.ExecuteScalar()! > 0;
    }
}
