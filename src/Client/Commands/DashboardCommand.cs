using System.CommandLine;
using AutoPipe.Client.Dashboard;
using AutoPipe.Client.Terminal;
using AutoPipe.Core.Input;
using AutoPipe.Core.Workspace;
using Serilog.Events;

namespace AutoPipe.Client.Commands;

/// <summary>
/// <c>autopipe dashboard --workdir DIR [--address HOST:PORT]</c>: serves the live page of the campaign in DIR, which
/// another process runs (on either runtime) or has finished, read from the directory alone; until Ctrl+C.
/// </summary>
internal static class DashboardCommand
{
    public static Command Create()
    {
        var workdir = CommonOptions.Workdir("The campaign's working directory (a run in another process may be going on in it, or not yet have started).");
        var address = new Option<DashboardAddress?>("--address")
        {
            Description = "Where to listen: [HOST:]PORT. The next free port is taken when PORT is taken. HOST other than loopback lets other machines read the page.",
            HelpName = "HOST:PORT",
            DefaultValueFactory = _ => DashboardAddress.Default,
        }.ParsedBy(text => DashboardAddress.Parse(text, "--address", out var problem) ?? throw new InputException(problem!));
        var command = new Command(
            "dashboard",
            "Serve a campaign's live page in the browser (task stream, calculations in flight with pw.x's SCF convergence, failures and corrections, " +
            "labels as they arrive), read from DIR while another process runs it, on either runtime; read-only. Runs until Ctrl+C.")
        {
            workdir, address,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(workdir)!, parse.GetValue(address)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string workdirPath, DashboardAddress address, CancellationToken cancellationToken)
    {
        using var log = LogSetup.Console(LogEventLevel.Information);
        var workdir = Workdir.For(workdirPath);
        if (!File.Exists(workdir.StateDb))
        {
            log.Information("Dashboard: no campaign in {Workdir} yet; the page shows it once a run has created it", workdir.Root);
        }

        using var feed = new DashboardFeed(workdir, log);
        var server = await DashboardServer.StartAsync(address, feed, log, option: "--address").ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            // Ctrl+C is how the dashboard ends, not a failure.
            var stopped = new TaskCompletionSource();
            using (cancellationToken.Register(() => stopped.TrySetResult()))
            {
                await stopped.Task.ConfigureAwait(false);
            }

            log.Information("Dashboard: stopped");
        }

        return ExitCodes.Success;
    }
}
