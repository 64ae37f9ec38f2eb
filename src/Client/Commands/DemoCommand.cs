using System.CommandLine;
using AutoPipe.Client.Demos;

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
            (_, run, ct) => run.Temporal == null ? PullThePlugDemo.RunAsync(run.Folder, run.Seconds, ct) : PullThePlugOnTemporalDemo.RunAsync(run.Folder, run.Seconds, run.Temporal, ct)));
        var jobs = new Option<int>("--jobs") { Description = "Calculations.", DefaultValueFactory = _ => 8 }.Require(n => n >= 1, "at least 1");
        var workers = new Option<int>("--workers") { Description = "Workers of the parallel run.", DefaultValueFactory = _ => 4 }.Require(n => n >= 1, "at least 1");
        demo.Subcommands.Add(Scenario("parallel", "The same calculations one after the other, then on several workers; prints both times and the speedup. On Temporal: one worker process, then several.", 2,
            (parse, run, ct) => run.Temporal == null
                ? ParallelDemo.RunAsync(run.Folder, run.Seconds, parse.GetValue(jobs), parse.GetValue(workers), ct)
                : ParallelOnTemporalDemo.RunAsync(run.Folder, run.Seconds, parse.GetValue(jobs), parse.GetValue(workers), run.Temporal, ct),
            jobs, workers));
        demo.Subcommands.Add(Scenario("retry", "A calculation fails on its first attempt and succeeds on its second; the log shows the retry (on Temporal, the worker's log shows the workflow's).", 1,
            (_, run, ct) => run.Temporal == null ? RetryDemo.RunAsync(run.Folder, run.Seconds, ct) : RetryOnTemporalDemo.RunAsync(run.Folder, run.Seconds, run.Temporal, ct)));
        return demo;
    }

    /// <summary>One scenario's command: the options every scenario takes, and <paramref name="extra"/> ones that <paramref name="play"/> reads.</summary>
    private static Command Scenario(string name, string description, double defaultSeconds, Func<ParseResult, DemoRun, CancellationToken, Task<int>> play, params Option[] extra)
    {
        var seconds = new Option<double>("--job-seconds")
        {
            Description = "Length of each mock calculation (shorten it for a quick run).",
            DefaultValueFactory = _ => defaultSeconds,
        }.Require(s => s >= 0, "at least 0");
        var folder = new Option<string?>("--folder")
        {
            Description = "Where to put the demo's specs and working directories (default: a new folder under /tmp).",
            HelpName = "DIR",
        };
        var temporal = CommonOptions.Temporal("Play on the Temporal server at HOST:PORT (with worker processes of the demo's own) instead of the embedded runtime.");
        var @namespace = CommonOptions.Namespace();
        var temporalUi = CommonOptions.TemporalUi();
        var command = new Command(name, description) { seconds, folder, temporal, @namespace, temporalUi };
        foreach (var option in extra)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var target = parse.GetValue(temporal) is { } address ? new DemoTemporal(address, parse.GetValue(@namespace)!, parse.GetValue(temporalUi)!) : null;
            if (target != null)
            {
                // Before anything starts: an unreachable server is exit 3, with what to check.
                await target.ConnectAsync().ConfigureAwait(false);
            }

            return await play(parse, new DemoRun(DemoFiles.NewFolder(parse.GetValue(folder), name), parse.GetValue(seconds), target), ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Where and how one scenario plays.</summary>
    /// <param name="Folder">The demo's own folder.</param>
    /// <param name="Seconds">Length of each mock calculation.</param>
    /// <param name="Temporal">The user's Temporal server, or null for the embedded runtime.</param>
    private sealed record DemoRun(string Folder, double Seconds, DemoTemporal? Temporal);
}
