using System.CommandLine;
using System.CommandLine.Help;
using System.Runtime.InteropServices;
using AutoPipe.Client.Commands;

namespace AutoPipe.Client;

/// <summary>The <c>autopipe</c> command line.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var root = new RootCommand(
            "AutoPipe runs campaigns of DFT calculations durably (kill it at any moment and run it again: nothing finished is lost " +
            "or repeated), in parallel, and repairs failed calculations by itself. Results go to an ASE database (results.db).\n\n" +
            "Start:   autopipe run examples/uat-c6-002.campaign.json --workdir runs/c6-002\n" +
            "Watch:   autopipe status --workdir runs/c6-002   (or in the browser: autopipe dashboard --workdir runs/c6-002)\n" +
            "Results: autopipe results --workdir runs/c6-002   (or: python3 -m ase db runs/c6-002/results.db)\n" +
            "Report:  autopipe report --workdir runs/c6-002    (runs/c6-002/report/index.html: task stream, throughput, failures)\n" +
            "Export:  autopipe export --workdir runs/c6-002 --output train.extxyz   (an extended XYZ training set for MACE, NequIP, ...)\n\n" +
            ExitCodes.Help);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(DashboardCommand.Create());
        root.Subcommands.Add(ResultsCommand.Create());
        root.Subcommands.Add(CancelCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExitCodesHelpAction((HelpAction)help.Action!);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'autopipe --help' for usage.").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        // Ctrl+C and SIGTERM (docker stop, kill, autopipe cancel) stop a run gracefully: in-flight attempts are
        // recorded as interrupted and the process exits 130. A second signal is not needed: SIGKILL is always safe.
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token).ConfigureAwait(false);

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
