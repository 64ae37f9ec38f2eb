using System.Diagnostics;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Demos;

/// <summary>
/// The seed's first scenario for real: 10 calculations on one worker in a child process, SIGKILLed mid-run; the
/// checkpoint shows what survived; a new process on the same directory resumes and the database ends complete.
/// </summary>
internal static class PullThePlugDemo
{
    public static async Task<int> RunAsync(string folder, double seconds, CancellationToken cancellationToken)
    {
        const int jobs = 10;
        var killAfter = TimeSpan.FromSeconds(seconds * 1.4);
        var spec = DemoFiles.WriteSpec(folder, "pull-the-plug", jobs, workers: 1, seconds);
        var workdir = Path.Combine(folder, "work");
        Console.WriteLine($"Starting the campaign in a separate process: {jobs} calculations of {DemoFiles.Seconds(seconds)} on 1 worker.");
        var clock = Stopwatch.StartNew();
        using (var first = ChildRun.Start(spec, workdir, echo: true))
        {
            // Pull the plug at the seed's moment, but never before one result is durable: the point is to lose work in flight.
            while (clock.Elapsed < killAfter || DemoFiles.ReadCheckpoint(workdir).Completed.Count == 0)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }

            Console.WriteLine($"Pulling the plug after {DemoFiles.Seconds(clock.Elapsed.TotalSeconds)}: SIGKILL to pid {first.ProcessId}");
            first.Kill();
            await first.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        Console.WriteLine("Workflow process terminated unexpectedly!");
        var claims = new List<string>();
        var (pending, completed) = DemoFiles.ShowCheckpointAfterCrash(workdir, jobs, claims);

        Console.WriteLine("Restarting in the same directory...");
        using (var second = ChildRun.Start(spec, workdir, echo: true))
        {
            var exit = await second.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (exit != 0)
            {
                claims.Add($"the resumed run should succeed, but exited with {exit}");
            }

            var rerun = completed.Where(id => second.Output.Contains($"Running calculation {id} ", StringComparison.Ordinal)).ToList();
            if (rerun.Count > 0)
            {
                claims.Add($"completed calculations must not run again, but {string.Join(", ", rerun)} did");
            }
        }

        var rows = AseResultsReader.ReadAll(Path.Combine(workdir, "results.db"));
        var distinct = rows.Select(r => r.JobId).Distinct(StringComparer.Ordinal).Count();
        if (rows.Count != jobs || distinct != jobs)
        {
            claims.Add($"the database should hold {jobs} distinct results, but holds {rows.Count} rows for {distinct} jobs");
        }

        if (claims.Count > 0)
        {
            claims.ForEach(c => Console.WriteLine($"CLAIM FAILED: {c}"));
            return ExitCodes.PermanentFailures;
        }

        Console.WriteLine($"Recovery successful! The database contains all {jobs} results, proving that no work was lost.");
        Console.WriteLine($"  ({completed.Count} completed before the crash were kept, {pending.Count} pending were resubmitted; files in {workdir})");
        return ExitCodes.Success;
    }
}
