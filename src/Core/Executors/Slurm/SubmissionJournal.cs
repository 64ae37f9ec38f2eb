using AutoPipe.Core.Storage;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Core.Executors.Slurm;

/// <summary>
/// The Slurm submissions of a campaign, a table of the journal (<c>state.db</c>) on a connection of its own, so that
/// every submission is committed the moment sbatch accepts it, whichever slot submitted it. Thread-safe.
/// </summary>
public sealed class SubmissionJournal : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly Lock gate = new();
    private readonly Dictionary<(string, int), SlurmSubmission> byAttempt = [];

    private SubmissionJournal(SqliteConnection connection)
    {
        this.connection = connection;
    }

    /// <summary>Opens (creating the table if needed) the submissions of the journal at <paramref name="statePath"/>.</summary>
    public static SubmissionJournal Open(string statePath)
    {
        var journal = new SubmissionJournal(SqliteStore.Open(statePath));
        using (var create = journal.connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE IF NOT EXISTS slurm_submissions (job_id TEXT NOT NULL, attempt INTEGER NOT NULL,
                    slurm_job_id TEXT NOT NULL, job_name TEXT NOT NULL, submitted REAL NOT NULL, how TEXT NOT NULL,
                    cancelled INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (job_id, attempt))
                """;
            create.ExecuteNonQuery();
        }

        using var select = journal.connection.CreateCommand();
        select.CommandText = "SELECT job_id, attempt, slurm_job_id, job_name, submitted, how, cancelled FROM slurm_submissions";
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            var submission = new SlurmSubmission(
                reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds((long)(reader.GetDouble(4) * 1000)), reader.GetString(5), reader.GetInt32(6) != 0);
            journal.byAttempt[(submission.JobId, submission.Attempt)] = submission;
        }

        return journal;
    }

    /// <summary>Every submission recorded.</summary>
    public IReadOnlyList<SlurmSubmission> All()
    {
        lock (gate)
        {
            return [.. byAttempt.Values];
        }
    }

    /// <summary>The submission of this attempt, or null.</summary>
    public SlurmSubmission? Get(string jobId, int attempt)
    {
        lock (gate)
        {
            return byAttempt.GetValueOrDefault((jobId, attempt));
        }
    }

    /// <summary>Commits <paramref name="submission"/> (replacing an earlier one of the same attempt).</summary>
    public void Record(SlurmSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        lock (gate)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO slurm_submissions (job_id, attempt, slurm_job_id, job_name, submitted, how, cancelled)
                VALUES ($job, $attempt, $id, $name, $submitted, $how, $cancelled)
                ON CONFLICT (job_id, attempt) DO UPDATE SET slurm_job_id = excluded.slurm_job_id, job_name = excluded.job_name,
                    submitted = excluded.submitted, how = excluded.how, cancelled = excluded.cancelled
                """;
            insert.Parameters.AddWithValue("$job", submission.JobId);
            insert.Parameters.AddWithValue("$attempt", submission.Attempt);
            insert.Parameters.AddWithValue("$id", submission.SlurmJobId);
            insert.Parameters.AddWithValue("$name", submission.JobName);
            insert.Parameters.AddWithValue("$submitted", submission.SubmittedAt.ToUnixTimeMilliseconds() / 1000.0);
            insert.Parameters.AddWithValue("$how", submission.How);
            insert.Parameters.AddWithValue("$cancelled", submission.CancelledByAutoPipe ? 1 : 0);
            insert.ExecuteNonQuery();
            byAttempt[(submission.JobId, submission.Attempt)] = submission;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => connection.Dispose();
}
