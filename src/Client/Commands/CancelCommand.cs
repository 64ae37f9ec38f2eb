using System.CommandLine;
using System.Diagnostics;
using AutoPipe.Client.Temporal;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Commands;

/// <summary><c>autopipe cancel</c>: stops a campaign gracefully; what finished is kept, the rest stays pending.</summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var workdir = CommonOptions.Workdir("The working directory of a campaign running on this machine.");
        workdir.Required = false;
        var campaign = CommonOptions.Campaign();
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the workflow).", DefaultValueFactory = _ => "cancelled from the command line" };
        var command = new Command(
            "cancel",
            "Stop a campaign: running calculations are stopped (their processes killed), finished results are kept.\n" +
            "Embedded: autopipe cancel --workdir DIR (the run resumes with 'autopipe run --workdir DIR').\n" +
            "Temporal: autopipe cancel --temporal HOST:PORT --campaign NAME.")
        {
            workdir, campaign, reason, TemporalConnection.Address, TemporalConnection.Namespace, TemporalConnection.ApiKey,
        };
        command.SetAction(async (parse, _) =>
        {
            if (parse.GetValue(TemporalConnection.Address) is { } address)
            {
                return await TemporalCommands.CancelAsync(address, parse.GetValue(TemporalConnection.Namespace)!, parse.GetValue(TemporalConnection.ApiKey), parse.GetValue(campaign), parse.GetValue(reason)!).ConfigureAwait(false);
            }

            if (parse.GetValue(workdir) is not { } dir)
            {
                await Console.Error.WriteLineAsync("error: give --workdir DIR, or --temporal HOST:PORT --campaign NAME").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }

            return await CancelLocalAsync(Workdir.For(dir)).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>SIGTERM to the manager holding the directory: it stops like Ctrl+C (in-flight attempts recorded as interrupted).</summary>
    private static async Task<int> CancelLocalAsync(Workdir workdir)
    {
        if (!WorkdirLock.IsHeld(workdir) || WorkdirLock.HolderProcessId(workdir) is not int pid)
        {
            await Console.Error.WriteLineAsync($"error: no autopipe run holds {workdir.Root}").ConfigureAwait(false);
            return ExitCodes.InvalidInput;
        }

        using var manager = Process.GetProcessById(pid);
        Posix.Terminate(pid);
        Console.WriteLine($"Asked the run in {workdir.Root} (pid {pid}) to stop; waiting for it to record what was in flight...");
        await manager.WaitForExitAsync().ConfigureAwait(false);
        Console.WriteLine($"Stopped. Resume with: autopipe run --workdir {workdir.Root}");
        return ExitCodes.Success;
    }
}
