using System.Text.Json.Nodes;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Demos;

/// <summary>The seed's third scenario: a calculation fails once, is retried with backoff, and succeeds.</summary>
internal static class RetryDemo
{
    public static async Task<int> RunAsync(string folder, double seconds, CancellationToken cancellationToken)
    {
        var spec = DemoFiles.WriteSpec(folder, "retry", jobs: 3, workers: 1, seconds, new JsonObject { ["job-0002"] = 1 });
        var workdir = Path.Combine(folder, "work");
        Console.WriteLine("3 calculations, 3 attempts allowed; job-0002 fails on its first attempt.");
        using var run = ChildRun.Start(spec, workdir, echo: true);
        var exit = await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        var output = run.Output;
        var failure = output.IndexOf("Calculation job-0002 failed on attempt 1 of 3", StringComparison.Ordinal);
        var retry = output.IndexOf("job-0002: Retrying calculation (attempt 2 of 3)...", StringComparison.Ordinal);
        var success = output.IndexOf("Completed calculation job-0002 (attempt 2 of 3)", StringComparison.Ordinal);
        var rows = AseResultsReader.ReadAll(Path.Combine(workdir, "results.db"));
        var claims = new List<string>();
        if (exit != 0)
        {
            claims.Add($"the campaign should finish with every job completed, but exited with {exit}");
        }

        if (failure < 0 || retry < failure || success < retry)
        {
            claims.Add("the log should show the failure, then 'Retrying calculation (attempt 2 of 3)...', then success");
        }

        if (rows.Count != 3 || rows.Single(r => r.JobId == "job-0002").Attempts != 2)
        {
            claims.Add("results.db should hold 3 rows, job-0002 with attempts = 2");
        }

        if (claims.Count > 0)
        {
            claims.ForEach(c => Console.WriteLine($"CLAIM FAILED: {c}"));
            return ExitCodes.PermanentFailures;
        }

        Console.WriteLine("Retry successful: job-0002 failed once, was retried with backoff and completed on attempt 2; the campaign carried on.");
        return ExitCodes.Success;
    }
}
