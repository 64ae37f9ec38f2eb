using System.Globalization;
using AutoPipe.Core.Runtime;
using Serilog.Events;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace AutoPipe.Client.Terminal;

/// <summary>
/// The terminal view of a running campaign (Spectre.Console live display), the same on both runtimes: counts, a bar,
/// rate and ETA, the calculations in flight with where they run (the embedded runtime's slot, or Temporal's worker),
/// attempt and progress, and the latest log lines.
/// </summary>
internal static class LiveProgressDisplay
{
    private const int BarWidth = 50;

    /// <summary>Rows of the in-flight table at most: thousands in flight must not scroll the terminal.</summary>
    private const int MaxInFlightRows = 12;

    public static Task RunAsync(IAnsiConsole console, TimeProvider time, Func<CampaignProgress> progress, RecentLogSink recent, Task until, string? dashboard = null) =>
        RunAsync(console, time, progress, recent.Lines, until, TimeSpan.FromMilliseconds(250), dashboard);

    public static async Task RunAsync(
        IAnsiConsole console, TimeProvider time, Func<CampaignProgress> progress, Func<IReadOnlyList<(LogEventLevel Level, string Text)>> log, Task until, TimeSpan refresh, string? dashboard = null)
    {
        await console.Live(Render(progress(), log(), time.GetUtcNow(), dashboard))
            .AutoClear(false)
            // In a short terminal, lose the last log lines rather than the counts at the top.
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(async context =>
            {
                while (!until.IsCompleted)
                {
                    await Task.WhenAny(until, Task.Delay(refresh, time)).ConfigureAwait(false);
                    context.UpdateTarget(Render(progress(), log(), time.GetUtcNow(), dashboard));
                }

                context.UpdateTarget(Render(progress(), log(), time.GetUtcNow(), dashboard));
            }).ConfigureAwait(false);
    }

    internal static IRenderable Render(CampaignProgress progress, IReadOnlyList<(LogEventLevel Level, string Text)> lines, DateTimeOffset now, string? dashboard = null)
    {
        var header = new Markup(string.Create(CultureInfo.InvariantCulture,
            $"[bold]{Markup.Escape(progress.Campaign)}[/]  [green]{progress.Completed} completed[/]  " +
            $"{(progress.Failed > 0 ? "[red]" : "[grey]")}{progress.Failed} failed[/]  " +
            $"{progress.Pending} pending ({progress.InFlight.Count} running) of {progress.Total}  " +
            $"{ProgressText.RateText(progress, now)}  ETA {ProgressText.Eta(progress, now)}"));
        var onWorkers = progress.InFlight.Any(c => c.Worker != null);
        var table = new Table().Border(TableBorder.Simple).AddColumns(onWorkers ? "worker" : "slot", "job", "attempt", "running for", "progress");
        foreach (var calculation in progress.InFlight.OrderBy(c => c.Worker, StringComparer.Ordinal).ThenBy(c => c.Slot).ThenBy(c => c.Started).Take(MaxInFlightRows))
        {
            table.AddRow(
                onWorkers ? Markup.Escape(calculation.Worker ?? "?") : calculation.Slot.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(calculation.JobId),
                calculation.Attempt > 1 ? $"[yellow]{calculation.Attempt} of {calculation.MaxAttempts}[/]" : $"{calculation.Attempt} of {calculation.MaxAttempts}",
                ProgressText.Duration(now - calculation.Started),
                Markup.Escape(calculation.Detail ?? ""));
        }

        var rows = new List<IRenderable> { header, Bar(progress) };
        if (dashboard != null)
        {
            rows.Add(new Markup($"[grey]dashboard[/] [link]{Markup.Escape(dashboard)}[/]"));
        }

        rows.Add(table);
        if (progress.InFlight.Count > MaxInFlightRows)
        {
            rows.Add(new Markup($"[grey]... and {progress.InFlight.Count - MaxInFlightRows} more running[/]"));
        }

        rows.Add(new Rule("log").LeftJustified());
        rows.AddRange(lines.Select(line => (IRenderable)new Markup(
            line.Level >= LogEventLevel.Error ? $"[red]{Markup.Escape(line.Text)}[/]"
            : line.Level == LogEventLevel.Warning ? $"[yellow]{Markup.Escape(line.Text)}[/]"
            : Markup.Escape(line.Text))));
        return new Rows(rows);
    }

    /// <summary>A bar of completed (green) and failed (red) jobs out of all, with the percentage done.</summary>
    private static Markup Bar(CampaignProgress progress)
    {
        var total = Math.Max(progress.Total, 1);
        var completed = (int)Math.Round((double)progress.Completed / total * BarWidth);
        var failed = progress.Failed == 0 ? 0 : Math.Max(1, (int)Math.Round((double)progress.Failed / total * BarWidth));
        completed = Math.Min(completed, BarWidth - failed);
        var rest = BarWidth - completed - failed;
        var percent = progress.Total == 0 ? 100 : 100.0 * (progress.Completed + progress.Failed) / progress.Total;
        return new Markup(string.Create(CultureInfo.InvariantCulture,
            $"[green]{new string('━', completed)}[/][red]{new string('━', failed)}[/][grey]{new string('━', rest)}[/] {percent:0}%"));
    }
}
