using System.Text.Json.Nodes;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Demos;

/// <summary>
/// The seed's third scenario on the user's Temporal server: job-0002 fails once; the workflow decides the retry (a
/// durable timer, then attempt 2), which the worker's log shows and the attempts the workflow recorded prove (the
/// failed first attempt, the wait, the completed second); the campaign carries on.
/// </summary>
internal static class RetryOnTemporalDemo
{
    public static async Task<int> RunAsync(string folder, double seconds, DemoTemporal temporal, CancellationToken cancellationToken)
    {
        var campaign = temporal.Campaign("retry");
        var spec = DemoFiles.WriteSpec(folder, campaign, jobs: 3, workers: 1, seconds, new JsonObject { ["job-0002"] = 1 });
        var workdir = Path.Combine(folder, "work");
        Console.WriteLine($"On Temporal at {temporal.Address}: 3 calculations, 3 attempts allowed; job-0002 fails on its first attempt.");
        string log;
        using (var worker = ChildWorker.Start(temporal, "worker", maxConcurrent: 2, echo: true))
        using (var run = ChildRun.Start(spec, workdir, "the client", echo: true, temporal))
        {
            int exit;
            try
            {
                exit = await ChildRun.UnlessOneExitsAsync(run.Exited.WaitAsync(DemoFiles.StartDeadline, cancellationToken), "before the campaign finished", worker).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new ClaimFailedException($"the campaign did not finish within {DemoFiles.StartDeadline.TotalMinutes:0} minutes; the client's {run.LastLines()}\nthe worker's {worker.LastLines()}");
            }

            if (exit != 0)
            {
                throw run.Failed(exit, "the campaign should finish with every job completed");
            }

            log = worker.Output;
        }

        var claims = new List<string>();
        if (!log.Contains("Retrying calculation (attempt 2 of 3)... job-0002", StringComparison.Ordinal))
        {
            claims.Add("the worker's log should show the workflow's 'Retrying calculation (attempt 2 of 3)... job-0002'");
        }

        Console.WriteLine($"The attempts the workflow recorded: job-0002 {DemoJournal.Read(workdir).CheckRetry("job-0002", DemoFiles.Backoff(seconds), claims)}");
        var rows = AseResultsReader.ReadAll(Path.Combine(workdir, "results.db"));
        if (rows.Count != 3 || rows.SingleOrDefault(r => r.JobId == "job-0002")?.Attempts != 2)
        {
            claims.Add("results.db should hold 3 rows, job-0002 with attempts = 2");
        }

        temporal.PrintWhereToLook(campaign);
        if (claims.Count > 0)
        {
            claims.ForEach(c => Console.WriteLine($"CLAIM FAILED: {c}"));
            return ExitCodes.PermanentFailures;
        }

        Console.WriteLine("Retry successful: job-0002 failed once, the workflow waited out the backoff on a durable timer and ran attempt 2, which completed; the campaign carried on.");
        return ExitCodes.Success;
    }
}
