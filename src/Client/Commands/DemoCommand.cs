using System.CommandLine;
using AutoPipe.Client.Demos;
using AutoPipe.Client.Temporal;

namespace AutoPipe.Client.Commands;

/// <summary><c>autopipe demo pull-the-plug|parallel|retry</c>: the seed's three scenarios, run for real.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var demo = new Command(
            "demo",
            "Run the seed's acceptance scenarios for real (child processes, SIGKILL, timings). Exit 0 when the scenario's claim holds, 1 when not.\n" +
            "With --temporal HOST:PORT they play on your Temporal server with worker processes of their own on a fresh task queue,\n" +
            "and print how to look at the workflow's history afterwards (temporal workflow show, the Temporal UI).");
        demo.Subcommands.Add(Scenario("pull-the-plug", "10 calculations on 1 worker in a child process, SIGKILLed mid-run, then resumed: no result lost or repeated. On Temporal the worker process and the client are both SIGKILLed and replaced.", 5,
            (folder, seconds, temporal, ct) => temporal == null ? PullThePlugDemo.RunAsync(folder, seconds, ct) : PullThePlugOnTemporalDemo.RunAsync(folder, seconds, temporal, ct)));
        var jobs = new Option<int>("--jobs") { Description = "Calculations.", DefaultValueFactory = _ => 8 };
        var workers = new Option<int>("--workers") { Description = "Workers of the parallel run.", DefaultValueFactory = _ => 4 };
        var parallel = Scenario("parallel", "The same calculations one after the other, then on several workers; prints both times and the speedup. On Temporal: one worker process, then several.", 2,
            (folder, seconds, temporal, ct) => Task.FromResult(0));
        parallel.Options.Add(jobs);
        parallel.Options.Add(workers);
        parallel.SetAction(async (parse, ct) =>
        {
            if (TemporalTarget(parse) is not { } temporal)
            {
                return await ClaimedAsync(() => ParallelDemo.RunAsync(Folder(parse, "parallel"), Seconds(parse), parse.GetValue(jobs), parse.GetValue(workers), ct)).ConfigureAwait(false);
            }

            if (await temporal.UnreachableAsync().ConfigureAwait(false) is { } problem)
            {
                await Console.Error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                return ExitCodes.WorkdirUnavailable;
            }

            return await ClaimedAsync(() => ParallelOnTemporalDemo.RunAsync(Folder(parse, "parallel"), Seconds(parse), parse.GetValue(jobs), parse.GetValue(workers), temporal, ct)).ConfigureAwait(false);
        });
        demo.Subcommands.Add(parallel);
        demo.Subcommands.Add(Scenario("retry", "A calculation fails on its first attempt and succeeds on its second; the log shows the retry (on Temporal, the worker's log shows the workflow's).", 1,
            (folder, seconds, temporal, ct) => temporal == null ? RetryDemo.RunAsync(folder, seconds, ct) : RetryOnTemporalDemo.RunAsync(folder, seconds, temporal, ct)));
        return demo;
    }

    private static DemoTemporal? TemporalTarget(ParseResult parse) =>
        parse.GetValue(TemporalConnection.Address) is { } address
            ? new DemoTemporal(address, parse.GetValue(TemporalConnection.Namespace)!, parse.GetValue(TemporalConnection.UiAddress)!)
            : null;

    private static readonly Option<double> secondsOption = new("--job-seconds")
    {
        Description = "Length of each mock calculation (shorten it for a quick run).",
    };

    private static readonly Option<string?> folderOption = new("--folder")
    {
        Description = "Where to put the demo's specs and working directories (default: a new folder under /tmp).",
        HelpName = "DIR",
    };

    private static Command Scenario(string name, string description, double defaultSeconds, Func<string, double, DemoTemporal?, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, description) { secondsOption, folderOption, TemporalConnection.Address, TemporalConnection.Namespace, TemporalConnection.UiAddress };
        command.SetAction(async (parse, ct) =>
        {
            var seconds = parse.GetResult(secondsOption) == null ? defaultSeconds : Seconds(parse);
            var temporal = TemporalTarget(parse);
            if (temporal != null && await temporal.UnreachableAsync().ConfigureAwait(false) is { } problem)
            {
                await Console.Error.WriteLineAsync($"error: {problem}").ConfigureAwait(false);
                return ExitCodes.WorkdirUnavailable;
            }

            return await ClaimedAsync(() => run(Folder(parse, name), seconds, temporal, ct)).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Runs a demo; one that cannot go on (a child it needs exited, a deadline passed) says why and exits 1.</summary>
    private static async Task<int> ClaimedAsync(Func<Task<int>> demo)
    {
        try
        {
            return await demo().ConfigureAwait(false);
        }
        catch (ClaimFailedException e)
        {
            Console.WriteLine($"CLAIM FAILED: {e.Message}");
            return ExitCodes.PermanentFailures;
        }
    }

    private static double Seconds(ParseResult parse) => parse.GetResult(secondsOption) == null ? 2 : parse.GetValue(secondsOption);

    private static string Folder(ParseResult parse, string name) => DemoFiles.NewFolder(parse.GetValue(folderOption), name);
}
