using System.Globalization;
using AutoPipe.Core.Runtime;
using Serilog.Events;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace AutoPipe.Client.Terminal;

/// <summary>
/// The terminal view of a running campaign (Spectre.Console live display): counts, a bar, rate and ETA, the
/// calculations in flight with slot, attempt and progress, and the latest log lines.
/// </summary>
internal static class LiveProgressDisplay
{
    public static async Task RunAsync(Func<CampaignProgress> progress, RecentLogSink recent, Task until)
    {
        await AnsiConsole.Live(Render(progress(), recent))
            .AutoClear(false)
            .StartAsync(async context =>
            {
                while (!until.IsCompleted)
                {
                    await Task.WhenAny(until, Task.Delay(250)).ConfigureAwait(false);
                    context.UpdateTarget(Render(progress(), recent));
                }

                context.UpdateTarget(Render(progress(), recent));
            }).ConfigureAwait(false);
    }

    private static IRenderable Render(CampaignProgress progress, RecentLogSink recent)
    {
        var now = DateTimeOffset.UtcNow;
        var done = progress.Completed + progress.Failed;
        var fraction = progress.Total == 0 ? 1 : (double)done / progress.Total;
        var bar = new BarChart().Width(60).AddItem("done", Math.Round(fraction * 100, 1), Color.Green).WithMaxValue(100);
        var header = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(progress.Campaign)}[/]  [green]{progress.Completed} completed[/]  [red]{progress.Failed} failed[/]  " +
            $"{progress.Pending} pending ({progress.InFlight.Count} running) of {progress.Total}  " +
            $"{ProgressText.Rate(progress, now):0.##} jobs/s  ETA {ProgressText.Eta(progress, now)}"));
        var table = new Table().Border(TableBorder.Simple).AddColumns("slot", "job", "attempt", "running for", "progress");
        foreach (var calculation in progress.InFlight)
        {
            table.AddRow(
                calculation.Slot.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(calculation.JobId),
                $"{calculation.Attempt} of {calculation.MaxAttempts}",
                ProgressText.Duration(now - calculation.Started),
                Markup.Escape(calculation.Detail ?? ""));
        }

        var log = new Rows(recent.Lines().Select(line => (IRenderable)new Markup(
            line.Level >= LogEventLevel.Error ? $"[red]{Markup.Escape(line.Text)}[/]"
            : line.Level == LogEventLevel.Warning ? $"[yellow]{Markup.Escape(line.Text)}[/]"
            : Markup.Escape(line.Text))));
        return new Rows(header, bar, table, new Rule("log").LeftJustified(), log);
    }
}
