using AutoPipe.Core.Planning;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Core.Tests.Storage;

public sealed class SqliteStoreTests
{
    [Fact]
    public void Create_NewDatabases_AreWholeInWalModeWithNothingLeftBeside()
    {
        using var dir = new TempDir();
        var results = Path.Combine(dir.Path, "results.db");

        using (var db = AseDatabase.Open(results))
        {
            Assert.Equal(0, db.LastRowId());
        }

        Assert.Equal(["results.db"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal("wal", Pragma(results, "journal_mode"));
    }

    [Fact]
    public void CreateJournal_OverAHalfMadeOneWithItsLog_ReplacesBothAndHoldsThePlan()
    {
        using var dir = new TempDir();
        var state = Path.Combine(dir.Path, "state.db");
        // What a crash during the old, in-place creation could leave: a journal without its "initialized" mark, and
        // its write-ahead log. Neither may leak into the new journal.
        using (var half = new SqliteConnection($"Data Source={state};Pooling=False"))
        {
            half.Open();
            using var command = half.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; CREATE TABLE jobs (x); INSERT INTO jobs VALUES (1);";
            command.ExecuteNonQuery();
            File.Copy(state + "-wal", Path.Combine(dir.Path, "stale-wal"));
        }

        File.Copy(Path.Combine(dir.Path, "stale-wal"), state + "-wal", overwrite: true);
        var plan = CampaignPlanner.Plan(CampaignSpecReader.Read("""{"name":"t","jobs":{"count":3},"calculator":{"kind":"mock"}}""", dir.Path, "c.json"));

        using (var journal = CampaignJournal.Create(state, plan, new Dictionary<string, string> { ["spec"] = "{}" }))
        {
            Assert.Equal(["job-0001", "job-0002", "job-0003"], journal.LoadJobs().Select(j => j.JobId));
        }

        using var reopened = CampaignJournal.OpenExisting(state);
        Assert.NotNull(reopened);
        Assert.Equal(3, reopened.LoadJobs().Count);
        Assert.False(File.Exists(state + ".new"));
    }

    private static string Pragma(string path, string name)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (string)command.ExecuteScalar()!;
    }
}
