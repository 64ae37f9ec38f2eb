using System.CommandLine;
using AutoPipe.Client.Demos;

namespace AutoPipe.Client.Commands;

/// <summary><c>autopipe demo pull-the-plug|parallel|retry</c>: the seed's three scenarios, run for real.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var demo = new Command("demo", "Run the seed's acceptance scenarios for real (child processes, SIGKILL, timings). Exit 0 when the scenario's claim holds, 1 when not.");
        demo.Subcommands.Add(Scenario("pull-the-plug", "10 calculations on 1 worker in a child process, SIGKILLed mid-run, then resumed: no result lost or repeated.", 5,
            (folder, seconds, ct) => PullThePlugDemo.RunAsync(folder, seconds, ct)));
        var jobs = new Option<int>("--jobs") { Description = "Calculations.", DefaultValueFactory = _ => 8 };
        var workers = new Option<int>("--workers") { Description = "Workers of the parallel run.", DefaultValueFactory = _ => 4 };
        var parallel = Scenario("parallel", "The same calculations one after the other, then on several workers; prints both times and the speedup.", 2,
            (folder, seconds, ct) => Task.FromResult(0));
        parallel.Options.Add(jobs);
        parallel.Options.Add(workers);
        parallel.SetAction((parse, ct) => ParallelDemo.RunAsync(Folder(parse, "parallel"), Seconds(parse), parse.GetValue(jobs), parse.GetValue(workers), ct));
        demo.Subcommands.Add(parallel);
        demo.Subcommands.Add(Scenario("retry", "A calculation fails on its first attempt and succeeds on its second; the log shows the retry.", 1,
            (folder, seconds, ct) => RetryDemo.RunAsync(folder, seconds, ct)));
        return demo;
    }

    private static readonly Option<double> secondsOption = new("--job-seconds")
    {
        Description = "Length of each mock calculation (shorten it for a quick run).",
    };

    private static readonly Option<string?> folderOption = new("--folder")
    {
        Description = "Where to put the demo's specs and working directories (default: a new folder under /tmp).",
        HelpName = "DIR",
    };

    private static Command Scenario(string name, string description, double defaultSeconds, Func<string, double, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, description) { secondsOption, folderOption };
        command.SetAction((parse, ct) =>
        {
            var seconds = parse.GetResult(secondsOption) == null ? defaultSeconds : Seconds(parse);
            return run(Folder(parse, name), seconds, ct);
        });
        return command;
    }

    private static double Seconds(ParseResult parse) => parse.GetResult(secondsOption) == null ? 2 : parse.GetValue(secondsOption);

    private static string Folder(ParseResult parse, string name) => DemoFiles.NewFolder(parse.GetValue(folderOption), name);
}
