using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests;

[Collection(TimingCollection.Name)]
public class ScenarioTests
{
    [Fact]
    public void Run_Uat003Example_RetriesJob2AndFailsJob4WithReasonWhileTheCampaignCarriesOn()
    {
        using var dir = new TempDir();
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, stdout, _) = Cli.Run(60, "run", Path.Combine(Specs.Examples, "uat-c6-003.campaign.json"), "--workdir", workdir);

        Assert.Equal(1, exit);
        var failure = stdout.IndexOf("Calculation job-0002 failed on attempt 1 of 3", StringComparison.Ordinal);
        var retry = stdout.IndexOf("job-0002: Retrying calculation (attempt 2 of 3)...", StringComparison.Ordinal);
        var success = stdout.IndexOf("Completed calculation job-0002 (attempt 2 of 3)", StringComparison.Ordinal);
        Assert.True(failure >= 0 && retry > failure && success > retry, stdout);
        var log = File.ReadAllText(Path.Combine(workdir, "autopipe.log"));
        Assert.Contains("Created campaign uat-c6-003", log, StringComparison.Ordinal);
        Assert.Contains("job-0002: Retrying calculation (attempt 2 of 3)...", log, StringComparison.Ordinal);
        var checkpoint = Checkpoint.Read(workdir);
        Assert.Equal(["job-0004"], checkpoint.Failed);
        Assert.Equal(3, checkpoint.Json["jobs"]!["job-0004"]!["attempts"]!.GetValue<int>());
        Assert.Contains("gave up after 3 of 3 attempts", checkpoint.Json["jobs"]!["job-0004"]!["failure_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        var status = JsonNode.Parse(Cli.Run(30, "status", "--workdir", workdir, "--json").Stdout)!;
        Assert.Equal("job-0004", status["failed_jobs"]![0]!["job_id"]!.GetValue<string>());
        var rows = JsonNode.Parse(Cli.Run(30, "results", "--workdir", workdir, "--json").Stdout)!.AsArray();
        Assert.Equal(["job-0001", "job-0002", "job-0003"], rows.Select(r => r!["job_id"]!.GetValue<string>()).Order());
        Assert.Equal(2, rows.Single(r => r!["job_id"]!.GetValue<string>() == "job-0002")!["attempts"]!.GetValue<int>());
        Assert.Equal("job-0003 2", AsePython.Run(
            "import sys; from ase.db import connect; r = connect(sys.argv[1]).get(job_id='job-0003'); print(r.job_id, r.natoms)",
            Path.Combine(workdir, "results.db")).Trim());
    }

    [Fact]
    public void DemoRetry_Shortened_ClaimHolds()
    {
        using var dir = new TempDir();

        var (exit, stdout, stderr) = Cli.Run(60, "demo", "retry", "--job-seconds", "0.2", "--folder", dir.Path);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Retrying calculation (attempt 2 of 3)...", stdout, StringComparison.Ordinal);
        Assert.Matches(@"The journal: job-0002 attempt 1 failed \(Transient\); attempt 2 completed; attempt 2 started \d+\.\d\d s after attempt 1 ended \(backoff 0\.2 s\)", stdout);
        Assert.Contains("Retry successful", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoParallel_Shortened_ShowsTheSpeedup()
    {
        using var dir = new TempDir();

        var (exit, stdout, stderr) = Cli.Run(120, "demo", "parallel", "--job-seconds", "0.75", "--folder", dir.Path);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Speedup:", stdout, StringComparison.Ordinal);
        Assert.Matches(@"Sequential \(1 worker\): .*, at most 1 at a time", stdout);
        Assert.Matches(@"Parallel \(4 workers\): .*, at most 4 at a time", stdout);
        // The parallel run's live dashboard, linked from the start as the seed's notebook links Dask's.
        Assert.Matches(@"Dashboard: http://127\.0\.0\.1:\d+/ +\(open it in another tab to watch the parallel run live", stdout);
    }

    [Fact]
    public void DemoPullThePlug_Shortened_RecoversEverything()
    {
        using var dir = new TempDir();

        var (exit, stdout, stderr) = Cli.Run(120, "demo", "pull-the-plug", "--job-seconds", "0.5", "--folder", dir.Path);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("Workflow process terminated unexpectedly!", stdout, StringComparison.Ordinal);
        Assert.Contains("Recovery successful! The database contains all 10 results, proving that no work was lost.", stdout, StringComparison.Ordinal);
        var closing = Regex.Match(stdout, @"\((?<kept>\d+) completed before the crash were kept, (?<finished>\d+) pending were finished by the resumed process, (?<inFlight>job-\d+(, job-\d+)*) among them in flight when the plug was pulled");
        Assert.True(closing.Success, stdout);
        var (kept, finished) = (int.Parse(closing.Groups["kept"].Value, CultureInfo.InvariantCulture), int.Parse(closing.Groups["finished"].Value, CultureInfo.InvariantCulture));
        Assert.True(kept >= 1 && finished >= 1 && kept + finished == 10, closing.Value);
        Assert.Matches(@"Pulling the plug after .*, while job-\d+ runs: SIGKILL", stdout);
    }

    [Fact]
    public void DemoPullThePlug_RunEndsBeforeThePlugIsPulled_ClaimFails()
    {
        using var dir = new TempDir();
        var first = Cli.Run(120, "demo", "pull-the-plug", "--job-seconds", "0.2", "--folder", dir.Path);
        Assert.True(first.Exit == 0, first.Stdout + first.Stderr);

        // The same folder again: the run finds its campaign finished and ends at once, with nothing left to pull the plug on.
        var (exit, stdout, stderr) = Cli.Run(60, "demo", "pull-the-plug", "--job-seconds", "0.2", "--folder", dir.Path);

        Assert.True(exit == 1, stdout + stderr);
        Assert.Matches(@"CLAIM FAILED: the run \(pid \d+\) exited unexpectedly with code 0 before the plug could be pulled", stdout);
        Assert.Contains("resubmitting 0 pending calculations", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Recovery successful", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pull-the-plug", "work", "the run")]
    [InlineData("parallel", "sequential", "the sequential run")]
    [InlineData("retry", "work", "the run")]
    public void Demo_ItsRunCannotStart_ClaimFailsAtOnceWithTheExitCodeAndLastLines(string demo, string workdir, string name)
    {
        using var dir = new TempDir();
        // A file where the demo's run wants its working directory: the run exits 2 at once, as it would for a user.
        dir.File(workdir, "");

        var (exit, stdout, stderr) = Cli.Run(60, "demo", demo, "--folder", dir.Path);

        Assert.True(exit == 1, stdout + stderr);
        Assert.Matches($@"CLAIM FAILED: .*{name} \(pid \d+\) exited (unexpectedly )?with code 2", stdout);
        Assert.Contains($"    | error: --workdir {Path.Combine(dir.Path, workdir)}: is a file, not a directory", stdout, StringComparison.Ordinal);
    }
}
