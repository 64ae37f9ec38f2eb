using System.CommandLine;
using System.Diagnostics;
using AutoPipe.Client.Dashboard;
using AutoPipe.Client.Temporal;
using AutoPipe.Client.Terminal;
using AutoPipe.Core.Embedded;
using AutoPipe.Core.Input;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Workspace;
using AutoPipe.Worker.Runtime;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Spectre.Console;

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
        var progress = new Option<ProgressMode>("--progress")
        {
            Description = "auto (live display on a terminal, plain lines otherwise), live, plain, or none.",
        }.AsChoice();
        var temporal = CommonOptions.Temporal("Run on Temporal at HOST:PORT (the distributed runtime) instead of the embedded one.");
        var @namespace = CommonOptions.Namespace();
        var taskQueue = CommonOptions.TaskQueue();
        var apiKey = CommonOptions.ApiKey();
        var heartbeatTimeout = CommonOptions.HeartbeatTimeout();
        var calculator = new Option<string?>("--calculator")
        {
            Description = "With --temporal: the calculator's name in the workers' allow-list (default: the spec's calculator kind).",
            HelpName = "NAME",
        };
        var temporalUi = CommonOptions.TemporalUi();
        var dashboard = new Option<DashboardAddress?>("--dashboard")
        {
            Description = "Serve the campaign's live page in the browser while it runs, at [HOST:]PORT (HOST 127.0.0.1 unless given; the next free port " +
                          "if PORT is taken; 8787 is Dask's): task stream, calculations in flight with pw.x's SCF convergence, failures and corrections.",
            HelpName = "[HOST:]PORT",
        }.ParsedBy(text => DashboardAddress.Parse(text, "--dashboard", out var problem) ?? throw new InputException(problem!));
        var command = new Command("run", "Run a campaign to its end, durably: if this process dies, run the same command again and it resumes.")
        {
            spec, workdir, quiet, progress, temporal, @namespace, taskQueue, apiKey, heartbeatTimeout, calculator, temporalUi, dashboard,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var target = parse.GetValue(temporal) is { } address
                ? new TemporalTarget(address, parse.GetValue(@namespace)!, parse.GetValue(taskQueue)!, parse.GetValue(apiKey), parse.GetValue(calculator), parse.GetValue(heartbeatTimeout),
                    parse.GetValue(temporalUi)!)
                : null;
            return RunAsync(new RunSettings(parse.GetValue(spec), parse.GetValue(workdir)!, parse.GetValue(quiet), parse.GetValue(progress), target, parse.GetValue(dashboard)), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var recent = new RecentLogSink(8);
        var collected = new CollectingSink();
        var live = settings.Live;
        var consoleLevel = settings.Quiet || live ? LogEventLevel.Warning : LogEventLevel.Information;
        using var console = LogSetup.Console(live ? LogEventLevel.Fatal : consoleLevel, live ? recent : null);
        using var opening = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(collected).WriteTo.Logger(console).CreateLogger();
        var clock = Stopwatch.StartNew();
        // Listening first: a bad address is exit 2 with nothing written. The page waits for the campaign.
        var dashboard = await StartDashboardAsync(settings, opening).ConfigureAwait(false);
        try
        {
            var client = settings.Temporal is { } temporal ? await ConnectAsync(settings.SpecPath, temporal).ConfigureAwait(false) : null;
            using var campaign = Open(settings, opening);
            var file = LogSetup.File(campaign.Workdir.Log);
            try
            {
                return await RunLoggedAsync(campaign, settings, client, new ConsoleLogs(console, collected, recent), file, clock, dashboard, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // The page gets the final state before the server stops.
                await StopAsync(dashboard).ConfigureAwait(false);
                await LogSetup.CloseAsync(file).ConfigureAwait(false);
            }
        }
        finally
        {
            // Refused before the campaign ran (the server, the directory): nothing listens any longer either.
            await StopAsync(dashboard).ConfigureAwait(false);
        }
    }

    /// <summary>Serves the dashboard when asked: at the address given, for the working directory (null when not asked).</summary>
    private static async Task<DashboardServer?> StartDashboardAsync(RunSettings settings, ILogger log)
    {
        if (settings.Dashboard is not { } address)
        {
            return null;
        }

        if (settings.SpecPath != null)
        {
            // A spec that cannot run is exit 2 before anything listens.
            CampaignSpecReader.ReadFile(settings.SpecPath);
        }

        return await DashboardServer.StartAsync(address, new DashboardFeed(Workdir.For(settings.Workdir), log, forRunInThisProcess: true), log).ConfigureAwait(false);
    }

    /// <summary>Connects to the Temporal server; bad input is still exit 2 when the server is down, so the spec is read first.</summary>
    private static async Task<Temporalio.Client.ITemporalClient> ConnectAsync(string? specPath, TemporalTarget temporal)
    {
        var given = specPath == null ? null : CampaignSpecReader.ReadFile(specPath);
        if (given?.Executor is SlurmExecutorSpec)
        {
            throw new InputException(
                $"{specPath}: executor.kind: slurm is for the embedded runtime (autopipe run without --temporal); on Temporal, " +
                "run the compute workers as Slurm pilot jobs instead (deploy/slurm/autopipe-worker.sbatch)");
        }

        return await TemporalConnector.ConnectAsync(temporal.Address, temporal.Namespace, temporal.ApiKey).ConfigureAwait(false);
    }

    /// <summary>Creates the campaign in the working directory, or resumes it: the directory is touched only now.</summary>
    private static OpenedCampaign Open(RunSettings settings, ILogger log)
    {
        try
        {
            return CampaignWorkspace.Open(settings.SpecPath, settings.Workdir, new RuntimeOptions(), log);
        }
        catch (Exception e) when (WorkdirUnavailableException.IsStorageFailure(e))
        {
            throw new WorkdirUnavailableException($"cannot use {settings.Workdir}: {e.Message}", e);
        }
    }

    private static async Task StopAsync(DashboardServer? dashboard)
    {
        if (dashboard != null)
        {
            await dashboard.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<int> RunLoggedAsync(
        OpenedCampaign campaign, RunSettings settings, Temporalio.Client.ITemporalClient? client, ConsoleLogs console, Logger file, Stopwatch clock, DashboardServer? dashboard, CancellationToken cancellationToken)
    {
        foreach (var early in console.Collected.Drain())
        {
            // Already on the console; the file gets them too.
            file.Write(early);
        }

        await using var log = LogSetup.Both(console.Logger, file);
        dashboard?.UseLog(log);
        var temporal = settings.Temporal;

        try
        {
            ICampaignRuntime runtime = client != null
                ? new TemporalRuntime(campaign, client, new TemporalRuntimeOptions
                {
                    TaskQueue = temporal!.TaskQueue,
                    Calculator = temporal.Calculator,
                    HeartbeatTimeoutSeconds = temporal.HeartbeatTimeoutSeconds,
                    UiAddress = temporal.UiAddress,
                }, log)
                : new EmbeddedRuntime(campaign, new RuntimeOptions(), log);
            return await RunCampaignAsync(campaign, runtime, log, settings, console.Recent, clock, dashboard, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (WorkdirUnavailableException.IsStorageFailure(e))
        {
            // The campaign's log says it too (if it still can be written); Program says it on the console and exits 3.
            file.Fatal("Cannot write to {Workdir}: {Message}. Everything committed so far is safe; fix the cause and run again to resume.", campaign.Workdir.Root, e.Message);
            throw new WorkdirUnavailableException(
                $"cannot write to {campaign.Workdir.Root}: {e.Message}. Everything committed so far is safe; fix the cause and run again to resume.", e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug: the campaign's log gets the whole story, and the console (Program, exit 70) points to it.
            file.Fatal(e, "Internal error; everything committed so far is safe, run again to resume");
            e.Data[Failures.LogKey] = campaign.Workdir.Log;
            throw;
        }
        finally
        {
            // The page gets the final state, and its last lines go to the log before it closes.
            await StopAsync(dashboard).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunCampaignAsync(
        OpenedCampaign campaign, ICampaignRuntime runtime, ILogger log, RunSettings settings, RecentLogSink recent, Stopwatch clock, DashboardServer? dashboard, CancellationToken cancellationToken)
    {
        var run = runtime.RunAsync(cancellationToken);
        dashboard?.Attach(new LiveRun(() => runtime.Progress, DescribeRuntime(campaign, settings.Temporal), run));
        var live = settings.Live;
        if (live)
        {
            await LiveProgressDisplay.RunAsync(AnsiConsole.Console, TimeProvider.System, () => runtime.Progress, recent, run, dashboard?.Url).ConfigureAwait(false);
        }
        else if (!settings.SilentProgress)
        {
            await PlainProgressAsync(runtime, log, run).ConfigureAwait(false);
        }

        var outcome = await run.ConfigureAwait(false);
        var cost = campaign.Cost();
        var summary = $"Campaign {campaign.Spec.Name} {(outcome.Cancelled ? "stopped" : "finished")} after {ProgressText.Duration(clock.Elapsed)}: " +
                      $"{outcome.Completed} completed, {outcome.Failed} failed, {outcome.Pending} pending; compute {cost}. Results: {campaign.Workdir.ResultsDb}";
        if (live)
        {
            // The live display held the console log back: leave the summary on the screen.
            Console.WriteLine(summary);
        }

        if (outcome.Cancelled && campaign.Spec.Executor is SlurmExecutorSpec)
        {
            log.Warning(
                "{Summary}. Detached only: the submitted calculations keep running in Slurm; 'autopipe run --workdir {Workdir}' adopts them, 'autopipe cancel --workdir {Workdir}' cancels them.",
                summary, campaign.Workdir.Root, campaign.Workdir.Root);
            return ExitCodes.Interrupted;
        }

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

        log.Information("{Summary}", summary);
        if (settings.Quiet && !live)
        {
            // A quiet console still gets the summary line (a success is not a warning).
            Console.WriteLine(summary);
        }

        return ExitCodes.Success;
    }

    /// <summary>The runtime as the dashboard shows it: on Temporal, the workflow and its page in the Temporal UI.</summary>
    private static RuntimeDescription DescribeRuntime(OpenedCampaign campaign, TemporalTarget? temporal)
    {
        if (temporal == null)
        {
            return RuntimeDescription.Embedded;
        }

        var workflowId = Worker.Contracts.TaskQueues.WorkflowId(campaign.Spec.Name);
        return new RuntimeDescription("temporal", workflowId, temporal.Namespace, $"{temporal.UiAddress}/namespaces/{temporal.Namespace}/workflows/{workflowId}");
    }

    /// <summary>A progress line every few seconds when the output is not a terminal (CI logs, files, pipes).</summary>
    private static async Task PlainProgressAsync(ICampaignRuntime runtime, ILogger log, Task run)
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

    /// <summary>The console's loggers: the console itself, what it showed before the log file was open, the live display's tail.</summary>
    private sealed record ConsoleLogs(Logger Logger, CollectingSink Collected, RecentLogSink Recent);
}
