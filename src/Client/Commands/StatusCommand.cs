using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoPipe.Client.Temporal;
using AutoPipe.Core.Input;
using AutoPipe.Core.Runtime;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Client.Commands;

/// <summary><c>autopipe status --workdir DIR [--json]</c>: where a campaign stands, live or not.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var workdir = CommonOptions.Workdir("The campaign's working directory.");
        workdir.Required = false;
        var json = CommonOptions.Json("Print JSON (counts, failed jobs with reasons, calculations in flight) for scripts.");
        var campaign = CommonOptions.Campaign();
        var command = new Command(
            "status",
            "Show a campaign's progress: counts, failed jobs with their reasons, and the calculations running now.\n" +
            "Embedded: autopipe status --workdir DIR.  Temporal: autopipe status --temporal HOST:PORT --campaign NAME (asks the workflow).")
        {
            workdir, json, TemporalConnection.Address, TemporalConnection.Namespace, TemporalConnection.ApiKey, campaign,
        };
        command.SetAction(async (parse, _) =>
        {
            if (parse.GetValue(TemporalConnection.Address) is { } address)
            {
                return await TemporalCommands.StatusAsync(address, parse.GetValue(TemporalConnection.Namespace)!, parse.GetValue(TemporalConnection.ApiKey), parse.GetValue(campaign), parse.GetValue(json)).ConfigureAwait(false);
            }

            if (parse.GetValue(workdir) is not { } dir)
            {
                await Console.Error.WriteLineAsync("error: give --workdir DIR, or --temporal HOST:PORT --campaign NAME").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }

            return Show(dir, parse.GetValue(json));
        });
        return command;
    }

    private static int Show(string workdir, bool json)
    {
        CampaignStatus status;
        try
        {
            status = CampaignStatusReader.Read(workdir);
        }
        catch (InputException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (SqliteException e)
        {
            Console.Error.WriteLine($"error: cannot read {workdir}/state.db: {e.Message}");
            return ExitCodes.WorkdirUnavailable;
        }

        Console.WriteLine(json ? Json(status) : Text(status));
        return ExitCodes.Success;
    }

    private static string Json(CampaignStatus status) => new JsonObject
    {
        ["campaign"] = status.Campaign,
        ["workdir"] = status.Workdir,
        ["running"] = status.ManagerRunning,
        ["total"] = status.Total,
        ["completed"] = status.Completed,
        ["failed"] = status.Failed.Count,
        ["pending"] = status.Pending,
        ["failed_jobs"] = new JsonArray(status.Failed.Select(f => (JsonNode?)new JsonObject { ["job_id"] = f.JobId, ["reason"] = f.Reason }).ToArray()),
        ["in_flight"] = new JsonArray(status.InFlight.Select(c => (JsonNode?)new JsonObject
        {
            ["job_id"] = c.JobId,
            ["slot"] = c.Slot,
            ["attempt"] = c.Attempt,
            ["started_at"] = c.Started.ToString("O", CultureInfo.InvariantCulture),
            ["progress"] = c.Detail,
        }).ToArray()),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    private static string Text(CampaignStatus status)
    {
        var lines = new List<string>
        {
            $"Campaign {status.Campaign} in {status.Workdir}: {(status.ManagerRunning ? "running" : "not running")}",
            $"  {status.Completed} completed, {status.Failed.Count} failed, {status.Pending} pending, of {status.Total}",
        };
        foreach (var calculation in status.InFlight)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  slot {calculation.Slot}: {calculation.JobId} attempt {calculation.Attempt} of {calculation.MaxAttempts}, running {(DateTimeOffset.UtcNow - calculation.Started).TotalSeconds:0} s{(calculation.Detail == null ? "" : ", " + calculation.Detail)}"));
        }

        foreach (var (jobId, reason) in status.Failed)
        {
            lines.Add($"  failed {jobId}: {reason}");
        }

        if (!status.ManagerRunning && status.Pending > 0)
        {
            lines.Add($"  Resume with: autopipe run --workdir {status.Workdir}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
