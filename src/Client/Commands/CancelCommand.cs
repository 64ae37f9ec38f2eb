using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using AutoPipe.Client.Temporal;
using AutoPipe.Core.Executors.Slurm;
using AutoPipe.Core.Input;
using AutoPipe.Core.Workspace;

namespace AutoPipe.Client.Commands;

/// <summary><c>autopipe cancel</c>: stops a campaign gracefully; what finished is kept, the rest stays pending.</summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var workdir = CommonOptions.OptionalWorkdir("The working directory of a campaign running on this machine.");
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the workflow).", DefaultValueFactory = _ => "cancelled from the command line" };
        var temporal = CommonOptions.Temporal("The Temporal server at HOST:PORT that runs the campaign (the distributed runtime): cancel its workflow.");
        var @namespace = CommonOptions.Namespace();
        var apiKey = CommonOptions.ApiKey();
        var campaign = CommonOptions.Campaign();
        CommonOptions.RequireWorkdirOrTemporalCampaign(workdir, temporal, campaign);
        var command = new Command(
            "cancel",
            "Stop a campaign: running calculations are stopped (their processes killed, their Slurm jobs cancelled), finished results are kept.\n" +
            "Embedded: autopipe cancel --workdir DIR (the run resumes with 'autopipe run --workdir DIR').\n" +
            "Temporal: autopipe cancel --temporal HOST:PORT --campaign NAME.")
        {
            workdir, campaign, reason, temporal, @namespace, apiKey,
        };
        command.SetAction(async (parse, _) => parse.GetValue(temporal) is { } address
            ? await TemporalCommands.CancelAsync(address, parse.GetValue(@namespace)!, parse.GetValue(apiKey), parse.GetValue(campaign)!, parse.GetValue(reason)!).ConfigureAwait(false)
            : await CancelLocalAsync(Workdir.For(parse.GetValue(workdir)!)).ConfigureAwait(false));
        return command;
    }

    /// <summary>
    /// SIGTERM to the manager holding the directory: it stops like Ctrl+C (in-flight attempts recorded as interrupted;
    /// on the slurm executor it only detaches); then, for a campaign on Slurm, scancel of every job it has in the queue.
    /// </summary>
    private static async Task<int> CancelLocalAsync(Workdir workdir)
    {
        var slurm = SlurmCampaignCancel.UsesSlurm(workdir);
        var held = WorkdirLock.IsHeld(workdir) && WorkdirLock.HolderProcessId(workdir) is int;
        if (!held && !slurm)
        {
            throw new InputException($"no autopipe run holds {workdir.Root}");
        }

        if (held && WorkdirLock.HolderProcessId(workdir) is int pid)
        {
            using var manager = Process.GetProcessById(pid);
            Posix.Terminate(pid);
            Console.WriteLine($"Asked the run in {workdir.Root} (pid {pid}) to stop; waiting for it to record what was in flight...");
            await manager.WaitForExitAsync().ConfigureAwait(false);
        }

        if (slurm)
        {
            var name = JsonNode.Parse(await File.ReadAllTextAsync(workdir.CampaignJson).ConfigureAwait(false))?["spec"]?["name"]?.GetValue<string>()
                       ?? throw new InvalidOperationException($"{workdir.CampaignJson} names no campaign");
            var cancelled = await SlurmCampaignCancel.CancelAsync(workdir, name, TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            Console.WriteLine(cancelled.Count == 0
                ? $"No Slurm job of campaign {name} was queued or running."
                : $"Cancelled {cancelled.Count} Slurm job(s) of campaign {name}: {string.Join(' ', cancelled)}");
        }

        Console.WriteLine($"Stopped. Resume with: autopipe run --workdir {workdir.Root}");
        return ExitCodes.Success;
    }
}
