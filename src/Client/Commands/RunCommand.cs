using System.CommandLine;
using System.Diagnostics;
using AutoPipe.Client.Terminal;
using AutoPipe.Core.Input;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Storage;
using Microsoft.Data.Sqlite;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace AutoPipe.Client.Commands;

/// <summary><c>autopipe run [SPEC] --workdir DIR</c>: starts a campaign, or resumes the one in DIR.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var spec = new Argument<string?>("spec")
        {
            Description = "The campaign spec (JSON). Omit it to resume the campaign frozen in --workdir.",
            Arity = ArgumentArity.ZeroOrOne,
            HelpName = "SPEC",
        };
        var workdir = CommonOptions.Workdir("The campaign's working directory: created on first run; run again on the same one to resume.");
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Console: only warnings, errors and the summary (the log file still gets everything)." };
        var progress = new Option<string>("--progress")
        {
            Description = "auto (live display on a terminal, plain lines otherwise), live, plain, or none.",
            DefaultValueFactory = _ => "auto",
        };
        progress.AcceptOnlyFromAmong("auto", "live", "plain", "none");
        var command = new Command("run", "Run a campaign to its end, durably: if this process dies, run the same command again and it resumes.\n\n" + ExitCodes.Help)
        {
            spec, workdir, quiet, progress,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(spec), parse.GetValue(workdir)!, parse.GetValue(quiet), parse.GetValue(progress)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? specPath, string workdirPath, bool quiet, string progressMode, CancellationToken cancellationToken)
    {
        var live = progressMode == "live" || (progressMode == "auto" && !quiet && !Console.IsOutputRedirected);
        var recent = new RecentLogSink(8);
        var collected = new CollectingSink();
        var consoleLevel = quiet || live ? LogEventLevel.Warning : LogEventLevel.Information;
        using var console = LogSetup.Console(live ? LogEventLevel.Fatal : consoleLevel, live ? recent : null);
        using var opening = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(collected).WriteTo.Logger(console).CreateLogger();
        var clock = Stopwatch.StartNew();
        OpenedCampaign campaign;
        try
        {
            campaign = CampaignWorkspace.Open(specPath, workdirPath, new RuntimeOptions(), opening);
        }
        catch (InputException e)
        {
            return Fail(ExitCodes.InvalidInput, e.Problems);
        }
        catch (WorkdirBusyException e)
        {
            return Fail(ExitCodes.WorkdirUnavailable, [e.Message]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            return Fail(ExitCodes.WorkdirUnavailable, [$"cannot use {workdirPath}: {e.Message}"]);
        }

        using (campaign)
        {
            var file = LogSetup.File(campaign.Workdir.Log);
            try
            {
                return await RunLoggedAsync(campaign, file, console, collected, live, progressMode == "none" || quiet, recent, clock, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await LogSetup.CloseAsync(file).ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> RunLoggedAsync(
        OpenedCampaign campaign, Logger file, Logger console, CollectingSink collected, bool live, bool silentProgress, RecentLogSink recent, Stopwatch clock, CancellationToken cancellationToken)
    {
        foreach (var early in collected.Drain())
        {
            // Already on the console; the file gets them too.
            file.Write(early);
        }

        await using var log = LogSetup.Both(console, file);

        try
        {
            return await RunCampaignAsync(campaign, log, live, silentProgress, recent, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            log.Fatal("Cannot write to {Workdir}: {Message}. Everything committed so far is safe; fix the cause and run again to resume.", campaign.Workdir.Root, e.Message);
            return ExitCodes.WorkdirUnavailable;
        }
#pragma warning disable CA1031 // The last line of defence: say what happened and exit with a code scripts can tell apart.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            log.Fatal(e, "Internal error; everything committed so far is safe, run again to resume");
            return ExitCodes.InternalError;
        }
    }

    private static async Task<int> RunCampaignAsync(OpenedCampaign campaign, ILogger log, bool live, bool silentProgress, RecentLogSink recent, Stopwatch clock, CancellationToken cancellationToken)
    {
        var runtime = new EmbeddedRuntime(campaign, new RuntimeOptions(), log);
        var run = runtime.RunAsync(cancellationToken);
        if (live)
        {
            await LiveProgressDisplay.RunAsync(() => runtime.Progress, recent, run).ConfigureAwait(false);
        }
        else if (!silentProgress)
        {
            await PlainProgressAsync(runtime, log, run).ConfigureAwait(false);
        }

        var outcome = await run.ConfigureAwait(false);
        var summary = $"Campaign {campaign.Spec.Name} {(outcome.Cancelled ? "stopped" : "finished")} after {ProgressText.Duration(clock.Elapsed)}: " +
                      $"{outcome.Completed} completed, {outcome.Failed} failed, {outcome.Pending} pending. Results: {campaign.Workdir.ResultsDb}";
        if (outcome.Cancelled)
        {
            log.Warning("{Summary}. Run the same command again to resume.", summary);
            return ExitCodes.Interrupted;
        }

        if (outcome.Failed > 0)
        {
            log.Warning("{Summary}. Failed jobs and their reasons: autopipe status --workdir {Workdir}", summary, campaign.Workdir.Root);
            return ExitCodes.PermanentFailures;
        }

        log.Warning("{Summary}", summary);
        return ExitCodes.Success;
    }

    /// <summary>A progress line every few seconds when the output is not a terminal (CI logs, files, pipes).</summary>
    private static async Task PlainProgressAsync(EmbeddedRuntime runtime, ILogger log, Task run)
    {
        var interval = TimeSpan.FromSeconds(5);
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(interval)).ConfigureAwait(false);
            if (!run.IsCompleted)
            {
                log.Information("{Progress}", ProgressText.Line(runtime.Progress, DateTimeOffset.UtcNow));
            }
        }
    }

    private static int Fail(int code, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"error: {problem}");
        }

        return code;
    }
}
