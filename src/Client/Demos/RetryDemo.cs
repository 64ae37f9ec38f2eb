using System.Text.Json.Nodes;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Demos;

/// <summary>
/// The seed's third scenario: a calculation fails once, is retried with backoff, and succeeds while the campaign carries
/// on. Each part is checked against what the run recorded: the order of its log lines, and in its journal the failed
/// first attempt, the wait before the second, and the other calculation that ran meanwhile.
/// </summary>
internal static class RetryDemo
{
    public static async Task<int> RunAsync(string folder, double seconds, CancellationToken cancellationToken)
    {
        var spec = DemoFiles.WriteSpec(folder, "retry", jobs: 3, workers: 1, seconds, new JsonObject { ["job-0002"] = 1 });
        var workdir = Path.Combine(folder, "work");
        Console.WriteLine("3 calculations, 3 attempts allowed; job-0002 fails on its first attempt.");
        using var run = ChildRun.Start(spec, workdir, "the run", echo: true);
        var exit = await run.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (exit != 0)
        {
            throw run.Failed(exit, "the campaign should finish with every job completed");
        }

        var output = run.Output;
        var failure = output.IndexOf("Calculation job-0002 failed on attempt 1 of 3", StringComparison.Ordinal);
        var retry = output.IndexOf("job-0002: Retrying calculation (attempt 2 of 3)...", StringComparison.Ordinal);
        var success = output.IndexOf("Completed calculation job-0002 (attempt 2 of 3)", StringComparison.Ordinal);
        var claims = new List<string>();
        if (failure < 0 || retry < failure || success < retry)
        {
            claims.Add("the log should show the failure, then 'Retrying calculation (attempt 2 of 3)...', then success");
        }

        var journal = DemoJournal.Read(workdir);
        Console.WriteLine($"The journal: job-0002 {journal.CheckRetry("job-0002", DemoFiles.Backoff(seconds), claims)}");
        var attempts = journal.AttemptsOf("job-0002");
        var meanwhile = journal.AttemptsOf("job-0003").FirstOrDefault();
        if (attempts.Count == 2 && (meanwhile == null || meanwhile.Started < attempts[0].Ended || meanwhile.Started > attempts[1].Started))
        {
            claims.Add("the campaign should carry on while job-0002 waits: job-0003 should start between its two attempts");
        }

        var rows = AseResultsReader.ReadAll(Path.Combine(workdir, "results.db"));
        if (rows.Count != 3 || rows.SingleOrDefault(r => r.JobId == "job-0002")?.Attempts != 2)
        {
            claims.Add("results.db should hold 3 rows, job-0002 with attempts = 2");
        }

        if (claims.Count > 0)
        {
            claims.ForEach(c => Console.WriteLine($"CLAIM FAILED: {c}"));
            return ExitCodes.PermanentFailures;
        }

        Console.WriteLine("Retry successful: job-0002 failed once, was retried with backoff and completed on attempt 2; the campaign carried on (job-0003 ran while it waited).");
        return ExitCodes.Success;
    }
}
