using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Runtime.InteropServices;
using AutoPipe.Client.Commands;
using AutoPipe.Core.Input;

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
            // The command line is input like a spec: every problem the parser and the options' validators found, at once.
            var exit = Failures.Report(new InputException([.. parsed.Errors.Select(e => e.Message)]), stopping: false, Console.Out, Console.Error);
            await Console.Error.WriteLineAsync($"Run '{CommandPath(parsed.CommandResult)} --help' for usage.").ConfigureAwait(false);
            return exit;
        }

        // Ctrl+C and SIGTERM (docker stop, kill, autopipe cancel) stop a run gracefully: in-flight attempts are
        // recorded as interrupted and the process exits 130. A second signal is not needed: SIGKILL is always safe.
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Every command's failures end here, and only here, as an exit code.
            return Failures.Report(e, stop.IsCancellationRequested, Console.Out, Console.Error);
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    /// <summary>How the user called the command of <paramref name="command"/>: <c>autopipe demo retry</c>.</summary>
    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (var result = command; result.Parent is CommandResult parent; result = parent)
        {
            names.Insert(0, result.Command.Name);
        }

        return string.Join(' ', ["autopipe", .. names]);
    }
}
