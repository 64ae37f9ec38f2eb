using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AutoPipe.Client.Temporal;
using AutoPipe.Client.Terminal;
using AutoPipe.Core.Input;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Workspace;
using Microsoft.Data.Sqlite;
using Spectre.Console;

namespace AutoPipe.Client.Commands;

/// <summary><c>autopipe status --workdir DIR [--json | --watch]</c>: where a campaign stands, live or not.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var workdir = CommonOptions.OptionalWorkdir("The campaign's working directory.");
        var json = CommonOptions.Json("Print JSON (counts, failed jobs with reasons, calculations in flight) for scripts.");
        var watch = new Option<bool>("--watch")
        {
            Description = "Keep watching until the run ends: a live display on a terminal, a progress line every --interval seconds otherwise.",
        };
        var interval = new Option<double>("--interval")
        {
            Description = "Seconds between the plain progress lines of --watch when the output is not a terminal (at least 0.1).",
            DefaultValueFactory = _ => 5,
        }.Require(seconds => seconds >= 0.1, "at least 0.1 (seconds)");
        var temporal = CommonOptions.Temporal("The Temporal server at HOST:PORT that runs the campaign (the distributed runtime): ask its workflow.");
        var @namespace = CommonOptions.Namespace();
        var apiKey = CommonOptions.ApiKey();
        var campaign = CommonOptions.Campaign();
        CommonOptions.RequireWorkdirOrTemporalCampaign(workdir, temporal, campaign);
        var command = new Command(
            "status",
            "Show a campaign's progress: counts, failed jobs with their reasons, and the calculations running now.\n" +
            "Embedded: autopipe status --workdir DIR [--watch].  Temporal: autopipe status --temporal HOST:PORT --campaign NAME (asks the workflow).")
        {
            workdir, json, watch, interval, temporal, @namespace, apiKey, campaign,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(temporal) is { } address)
            {
                return await TemporalCommands.StatusAsync(address, parse.GetValue(@namespace)!, parse.GetValue(apiKey), parse.GetValue(campaign)!, parse.GetValue(json)).ConfigureAwait(false);
            }

            var dir = parse.GetValue(workdir)!;
            return parse.GetValue(watch) && !parse.GetValue(json)
                ? await WatchAsync(dir, TimeSpan.FromSeconds(parse.GetValue(interval)), cancellationToken).ConfigureAwait(false)
                : Show(dir, parse.GetValue(json));
        });
        return command;
    }

    private static int Show(string workdir, bool json)
    {
        var status = Read(workdir);
        Console.WriteLine(json ? StatusJson.Write(status) : Text(status));
        return ExitCodes.Success;
    }

    /// <summary>Follows a running manager until it stops; then prints the status once more.</summary>
    private static async Task<int> WatchAsync(string workdir, TimeSpan interval, CancellationToken cancellationToken)
    {
        var status = Read(workdir);
        var ended = new TaskCompletionSource();
        CampaignProgress Poll()
        {
            // A manager that stopped, or a directory that cannot be read for a moment, ends the watch with what was last seen.
            var latest = TryRead(workdir);
            if (latest != null)
            {
                status = latest;
            }

            if (latest == null || !latest.ManagerRunning)
            {
                ended.TrySetResult();
            }

            return Progress(status);
        }

        if (status.ManagerRunning)
        {
            var until = Task.WhenAny(ended.Task, Task.Delay(Timeout.Infinite, cancellationToken));
            if (Console.IsOutputRedirected)
            {
                while (!until.IsCompleted)
                {
                    var progress = Poll();
                    if (!ended.Task.IsCompleted)
                    {
                        Console.WriteLine(ProgressText.Line(progress, DateTimeOffset.UtcNow));
                    }

                    await Task.WhenAny(until, Task.Delay(interval, CancellationToken.None)).ConfigureAwait(false);
                }
            }
            else
            {
                var log = Workdir.For(workdir).Log;
                await LiveProgressDisplay.RunAsync(AnsiConsole.Console, TimeProvider.System, Poll, () => LogTail.Lines(log, 8), until, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            }
        }

        Console.WriteLine(Text(status));
        return cancellationToken.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    /// <summary>The campaign's status; <see cref="InputException"/> when DIR holds none.</summary>
    private static CampaignStatus Read(string workdir)
    {
        try
        {
            return CampaignStatusReader.Read(workdir);
        }
        catch (SqliteException e)
        {
            throw new WorkdirUnavailableException($"cannot read {workdir}/state.db: {e.Message}", e);
        }
    }

    /// <summary>The status, or null while it cannot be read.</summary>
    private static CampaignStatus? TryRead(string workdir)
    {
        try
        {
            return Read(workdir);
        }
        catch (Exception e) when (e is InputException or WorkdirUnavailableException)
        {
            return null;
        }
    }

    /// <summary>The status as the progress display shows it; the rate comes from the manager's status.json (its start and completions).</summary>
    private static CampaignProgress Progress(CampaignStatus status)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var completedThisRun = 0;
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(Workdir.For(status.Workdir).StatusJson));
            startedAt = DateTimeOffset.Parse(json!["started_at"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            completedThisRun = json["completed_this_run"]!.GetValue<int>();
        }
        catch (Exception e) when (e is IOException or JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            // No rate yet: the manager has not written status.json, or is rewriting it.
        }

        return new CampaignProgress(status.Campaign, status.Total, status.Completed, status.Failed.Count, completedThisRun, startedAt, status.InFlight);
    }

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
                $"  {(calculation.Worker == null ? $"slot {calculation.Slot}" : $"worker {calculation.Worker}")}: {calculation.JobId} attempt {calculation.Attempt} of {calculation.MaxAttempts}, running {(DateTimeOffset.UtcNow - calculation.Started).TotalSeconds:0} s{(calculation.Detail == null ? "" : ", " + calculation.Detail)}"));
        }

        if (status.Cost is { } cost)
        {
            lines.Add($"  compute: {cost}");
        }

        foreach (var learned in status.Learned ?? [])
        {
            lines.Add($"  learned: {learned}");
        }

        foreach (var failure in status.Failed)
        {
            lines.Add($"  failed {failure}");
        }

        if (!status.ManagerRunning && status.Pending > 0)
        {
            lines.Add($"  Resume with: autopipe run --workdir {status.Workdir}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
