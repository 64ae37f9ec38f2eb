using System.Text.Json;
using AutoPipe.Client.Commands;
using AutoPipe.Core.Input;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Runtime;
using Temporalio.Exceptions;

namespace AutoPipe.Client.Temporal;

/// <summary><c>status</c> and <c>cancel</c> for campaigns on Temporal, by workflow id (never visibility queries).</summary>
internal static class TemporalCommands
{
    public static async Task<int> StatusAsync(string address, string @namespace, string? apiKey, string campaign, bool json)
    {
        return await WithCampaignAsync(address, @namespace, apiKey, campaign, async (client, name) =>
        {
            var progress = await client.GetProgressAsync(name).ConfigureAwait(false);
            if (json)
            {
                // The same schema as `status --workdir DIR --json`.
                var inFlight = await client.GetInFlightAsync(name, 0, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
                var finished = progress.TotalJobs is { } total && progress.Completed + progress.Failed >= total;
                // The workflow keeps only the latest failures with their reasons; the count is all of them.
                Console.WriteLine(StatusJson.Write(
                    new Core.Workspace.CampaignStatus(progress.Campaign, "", progress.TotalJobs ?? 0, progress.Completed, progress.RecentFailures, !finished, inFlight), progress.Failed));
            }
            else
            {
                Console.WriteLine(Describe(progress));
            }

            return ExitCodes.Success;
        }).ConfigureAwait(false);
    }

    public static async Task<int> CancelAsync(string address, string @namespace, string? apiKey, string campaign, string reason)
    {
        return await WithCampaignAsync(address, @namespace, apiKey, campaign, async (client, name) =>
        {
            WorkflowProgress progress;
            try
            {
                progress = await client.CancelAsync(name, reason).ConfigureAwait(false);
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                // The workflow may exist and have ended: nothing to cancel then, and that is not an error.
                if (await EndedAsync(client, name).ConfigureAwait(false) is not { } ended)
                {
                    throw;
                }

                Console.WriteLine($"Campaign {name} (workflow {TaskQueues.WorkflowId(name)}) has already ended ({ended}); nothing to cancel.");
                return ExitCodes.Success;
            }

            Console.WriteLine($"Cancelling campaign {name} (workflow {TaskQueues.WorkflowId(name)}): {progress.InFlight} running calculation(s) are being stopped; {progress.Completed} completed, {progress.Failed} failed.");
            return ExitCodes.Success;
        }).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="action"/> on the campaign's workflow; a campaign the server does not know is the user's input at fault.</summary>
    private static async Task<int> WithCampaignAsync(string address, string @namespace, string? apiKey, string campaign, Func<TemporalCampaignClient, string, Task<int>> action)
    {
        var client = await TemporalConnector.ConnectAsync(address, @namespace, apiKey).ConfigureAwait(false);
        try
        {
            return await action(new TemporalCampaignClient(client), campaign).ConfigureAwait(false);
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw new InputException($"no campaign {campaign} on {address} (workflow {TaskQueues.WorkflowId(campaign)} not found)", e);
        }
    }

    /// <summary>How the campaign's latest run ended ("Completed", "Canceled", ...), or null when there is no such workflow.</summary>
    private static async Task<string?> EndedAsync(TemporalCampaignClient client, string campaign)
    {
        try
        {
            var description = await client.Handle(campaign).DescribeAsync().ConfigureAwait(false);
            return description.Status == Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Running ? null : description.Status.ToString();
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return null;
        }
    }

    private static string Describe(WorkflowProgress progress)
    {
        var lines = new List<string>
        {
            $"Campaign {progress.Campaign} on Temporal (workflow run {progress.Run}){(progress.CancelRequested ? ", cancelling" : "")}",
            $"  {progress.Completed} completed, {progress.Failed} failed, {progress.Pending?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} pending of {progress.TotalJobs?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}; {progress.InFlight} running, {progress.Retrying} waiting to retry; {progress.Attempts} attempts",
        };
        lines.AddRange(progress.ActiveJobs.Select(j => "  " + JsonSerializer.Serialize(j)));
        lines.AddRange(progress.RecentFailures.Select(f => $"  failed {f}"));
        return string.Join(Environment.NewLine, lines);
    }
}
