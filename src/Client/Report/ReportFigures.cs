using System.Globalization;
using AutoPipe.Core.Storage;
using ScottPlot;

namespace AutoPipe.Client.Report;

/// <summary>The report's figures, drawn with ScottPlot (SkiaSharp, headless).</summary>
internal static class ReportFigures
{
    public const int Width = 1000;

    private static readonly Dictionary<AttemptVerdict, (Color Color, string Label)> outcomes = new()
    {
        [AttemptVerdict.Completed] = (Color.FromHex("#2ca02c"), "completed"),
        [AttemptVerdict.Corrected] = (Color.FromHex("#bcbd22"), "failed, corrected"),
        [AttemptVerdict.Retried] = (Color.FromHex("#ff7f0e"), "failed, retried"),
        [AttemptVerdict.GaveUp] = (Color.FromHex("#d62728"), "failed for good"),
        [AttemptVerdict.Interrupted] = (Color.FromHex("#7f7f7f"), "interrupted"),
    };

    private static readonly Color queueColor = Color.FromHex("#9ecae1");

    /// <summary>Every figure the data allows, in page order.</summary>
    public static List<ReportFigure> All(ReportData data)
    {
        var figures = new List<ReportFigure>();
        if (data.Attempts.Count > 0)
        {
            figures.Add(TaskStream(data));
            figures.Add(Throughput(data));
            figures.Add(Attempts(data));
        }

        if (data.Attempts.Any(a => a.FailureKind != null))
        {
            figures.Add(FailureKinds(data));
        }

        var energies = data.Results.Select(r => r.Energy).Where(double.IsFinite).ToArray();
        var forces = data.Results.Select(r => r.Fmax).OfType<double>().Where(double.IsFinite).ToArray();
        var note = data.Calculator == "mock" ? " (mock calculator: Lennard-Jones stand-in values, not DFT)" : "";
        if (energies.Length > 0)
        {
            figures.Add(Histogram("energy.png", "Energy distribution", "energy (eV)", energies, Color.FromHex("#1f77b4"),
                $"Total energy of the {energies.Length} results in results.db{note}."));
        }

        if (forces.Length > 0)
        {
            figures.Add(Histogram("max-force.png", "Max-force distribution", "largest atomic force (eV/Å)", forces, Color.FromHex("#9467bd"),
                $"Largest atomic force (fmax) of the {forces.Length} results in results.db{note}."));
        }

        figures.AddRange(DatasetFigures.All(data));
        return figures;
    }

    /// <summary>Dask-style task stream: one lane per worker slot, one bar per attempt from its start to its end, coloured by outcome.</summary>
    private static ReportFigure TaskStream(ReportData data)
    {
        using var plot = NewPlot("Task stream");
        var (scale, unit) = TimeUnit(data.Span);
        var slots = data.Attempts.Select(a => a.Slot).Distinct().Order().ToArray();
        // Outlines separate a few bars; on a dense lane they would paint it white.
        var outline = data.Attempts.Count / slots.Length <= 100 ? 0.5f : 0;
        foreach (var group in data.Attempts.GroupBy(a => a.Outcome).OrderBy(g => g.Key))
        {
            var bars = group.Select(a => new Bar
            {
                Position = a.Slot,
                ValueBase = a.Started / scale,
                // A failure in the first instant (a crashed start) still gets a visible sliver, drawn over its neighbour.
                Value = Math.Max(a.Ended, a.Started + (data.Span * 0.004)) / scale,
                Size = 0.7,
                FillColor = outcomes[a.Outcome].Color,
                LineColor = Colors.White,
                LineWidth = outline,
            }).ToList();
            var series = plot.Add.Bars(bars);
            series.Horizontal = true;
            series.LegendText = outcomes[group.Key].Label;
            series.Color = outcomes[group.Key].Color;
        }

        var queued = data.Attempts.Where(a => a.RunStarted is not null).ToList();
        if (queued.Count > 0)
        {
            // Drawn over the start of each Slurm attempt's bar: the queue wait, apart from the run time after it.
            var waits = plot.Add.Bars(queued.Select(a => new Bar
            {
                Position = a.Slot,
                ValueBase = a.Started / scale,
                Value = a.RunStarted!.Value / scale,
                Size = 0.7,
                FillColor = queueColor,
                LineColor = Colors.White,
                LineWidth = outline,
            }).ToList());
            waits.Horizontal = true;
            waits.LegendText = "queued in Slurm";
            waits.Color = queueColor;
        }

        if (data.Attempts.Count <= 60)
        {
            // Label only the bars the label fits in (the plot area is about 800 px wide, a character about 7 px).
            foreach (var a in data.Attempts.Where(a => (a.Ended - a.Started) / Math.Max(data.Span, 1e-3) * 800 >= (a.JobId.Length + 4) * 7))
            {
                var label = plot.Add.Text(a.Attempt == 1 ? a.JobId : $"{a.JobId} #{a.Attempt}", (a.Started + a.Ended) / 2 / scale, a.Slot);
                label.LabelFontSize = 10;
                label.LabelFontColor = Colors.White;
                label.LabelAlignment = Alignment.MiddleCenter;
            }
        }

        var maxSlot = Math.Max(data.Lanes.Count, slots.Max());
        var lanes = Enumerable.Range(1, maxSlot).ToArray();
        plot.Axes.Left.SetTicks(lanes.Select(s => (double)s).ToArray(), lanes.Select(s => s <= data.Lanes.Count ? data.Lanes[s - 1] : $"slot {s}").ToArray());
        plot.Axes.SetLimitsY(maxSlot + 0.6, 0.4);
        plot.Axes.SetLimitsX(0, Math.Max(data.Span, 1e-3) / scale * 1.02);
        plot.XLabel($"time since the first attempt started ({unit})");
        plot.ShowLegend(Edge.Right);
        var height = Math.Clamp(120 + (maxSlot * 34), 260, 900);
        return Figure(plot, "task-stream.png", "Task stream", height,
            $"One lane per worker slot, one bar per attempt from its start to its end ({data.Attempts.Count} attempts on {slots.Length} slot(s)). " +
            "Green: completed; olive: failed and retried with corrected parameters; orange: failed and retried unchanged; red: failed for good; grey: interrupted (a stopped manager, or a lost worker). " +
            "Gaps in a lane are idle time: waiting for a retry's backoff, or no manager running between a crash and the resume." +
            (queued.Count > 0 ? " Light blue: the wait in Slurm's queue before the job started; the coloured rest of the bar is its run." : ""));
    }

    /// <summary>Completed jobs per minute in equal time bins, with the mean rate.</summary>
    private static ReportFigure Throughput(ReportData data)
    {
        using var plot = NewPlot("Throughput");
        var (scale, unit) = TimeUnit(data.Span);
        var span = Math.Max(data.Span, 1e-3);
        var completions = data.Attempts.Where(a => a.Outcome == AttemptVerdict.Completed).Select(a => a.Ended).Order().ToArray();
        var binCount = Math.Clamp(completions.Length / 2, 1, 40);
        var width = span / binCount;
        var bars = new List<Bar>();
        for (var i = 0; i < binCount; i++)
        {
            var from = i * width;
            var to = i == binCount - 1 ? double.MaxValue : from + width;
            var count = completions.Count(t => t >= from && t < to);
            bars.Add(new Bar
            {
                Position = (from + (width / 2)) / scale,
                Value = count / (width / 60),
                Size = width / scale * 0.9,
                FillColor = Color.FromHex("#2ca02c"),
            });
        }

        plot.Add.Bars(bars).LegendText = "completed jobs per minute, per bin";
        var mean = completions.Length / (span / 60);
        var line = plot.Add.HorizontalLine(mean, 2, Color.FromHex("#1f77b4"), LinePattern.Dashed);
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"mean {mean:0.##} jobs/min");
        plot.Axes.SetLimitsX(0, span / scale * 1.02);
        plot.Axes.SetLimitsY(0, Math.Max(bars.Max(b => b.Value), mean) * 1.25);
        plot.XLabel($"time since the first attempt started ({unit})");
        plot.YLabel("completed jobs / min");
        plot.ShowLegend(Alignment.UpperRight);
        return Figure(plot, "throughput.png", "Throughput over time", 360,
            string.Create(CultureInfo.InvariantCulture,
                $"{completions.Length} jobs completed in {span:0.#} s of campaign time, in {binCount} bins of {width:0.##} s. Dips show backoff waits, failures or a manager that was down."));
    }

    /// <summary>Attempts by attempt number, stacked by outcome: how many jobs succeeded at once and how many needed retries.</summary>
    private static ReportFigure Attempts(ReportData data)
    {
        using var plot = NewPlot("Attempts");
        var maxAttempt = data.Attempts.Max(a => a.Attempt);
        var bases = new double[maxAttempt + 1];
        foreach (var outcome in outcomes.Keys)
        {
            var bars = new List<Bar>();
            for (var k = 1; k <= maxAttempt; k++)
            {
                var count = data.Attempts.Count(a => a.Attempt == k && a.Outcome == outcome);
                if (count == 0)
                {
                    continue;
                }

                bars.Add(new Bar { Position = k, ValueBase = bases[k], Value = bases[k] + count, Size = 0.6, FillColor = outcomes[outcome].Color });
                bases[k] += count;
            }

            if (bars.Count > 0)
            {
                var series = plot.Add.Bars(bars);
                series.LegendText = outcomes[outcome].Label;
                series.Color = outcomes[outcome].Color;
            }
        }

        var positions = Enumerable.Range(1, maxAttempt).ToArray();
        plot.Axes.Bottom.SetTicks(positions.Select(k => (double)k).ToArray(), positions.Select(k => $"attempt {k}").ToArray());
        plot.Axes.SetLimitsX(0.4, maxAttempt + 0.6);
        plot.Axes.SetLimitsY(0, bases.Max() * 1.25);
        plot.YLabel("attempts");
        IntegerTicks(plot.Axes.Left);
        plot.ShowLegend(Alignment.UpperRight);
        return Figure(plot, "attempts.png", "Attempts and their outcomes", 360,
            $"{data.Attempts.Count} attempts for {data.Jobs.Count} jobs, by attempt number and outcome: a bar at attempt 2 or later is a retry.");
    }

    /// <summary>Failed attempts by classified failure kind.</summary>
    private static ReportFigure FailureKinds(ReportData data)
    {
        using var plot = NewPlot("Failure kinds");
        var kinds = data.Attempts.Where(a => a.FailureKind != null).GroupBy(a => a.FailureKind!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var bars = kinds.Select((g, i) => new Bar { Position = i + 1, Value = g.Count(), Size = 0.6, FillColor = Color.FromHex("#d62728") }).ToList();
        plot.Add.Bars(bars).Horizontal = true;
        plot.Axes.Left.SetTicks(bars.Select(b => b.Position).ToArray(), kinds.Select(g => g.Key).ToArray());
        plot.Axes.SetLimitsY(kinds.Count + 0.6, 0.4);
        plot.Axes.SetLimitsX(0, kinds.Max(g => g.Count()) * 1.15);
        plot.XLabel("failed attempts");
        IntegerTicks(plot.Axes.Bottom);
        return Figure(plot, "failure-kinds.png", "Failure kinds", Math.Clamp(120 + (kinds.Count * 40), 220, 600),
            "Failed attempts by the kind the calculator classified them as; the retry and correction policy decides on the kind.");
    }

    internal static ReportFigure Histogram(string file, string title, string axis, double[] values, Color color, string caption)
    {
        using var plot = NewPlot(title);
        var min = values.Min();
        var max = values.Max();
        var binCount = Math.Clamp((int)Math.Ceiling(Math.Sqrt(values.Length)) + 1, 5, 40);
        var width = max > min ? (max - min) / binCount : Math.Max(Math.Abs(min) * 1e-3, 1e-6);
        var start = max > min ? min : min - (width * binCount / 2);
        var counts = new int[binCount];
        foreach (var v in values)
        {
            counts[Math.Clamp((int)((v - start) / width), 0, binCount - 1)]++;
        }

        plot.Add.Bars(counts.Select((c, i) => new Bar { Position = start + ((i + 0.5) * width), Value = c, Size = width * 0.95, FillColor = color }).ToList());
        plot.Axes.SetLimitsY(0, counts.Max() * 1.2);
        plot.XLabel(axis);
        plot.YLabel("results");
        IntegerTicks(plot.Axes.Left);
        return Figure(plot, file, title, 340, caption);
    }

    internal static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Title(title);
        return plot;
    }

    internal static void IntegerTicks(IAxis axis) => axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    private static (double Scale, string Unit) TimeUnit(double seconds) =>
        seconds < 300 ? (1, "s") : seconds < 5 * 3600 ? (60, "min") : (3600, "h");

    internal static ReportFigure Figure(Plot plot, string file, string title, int height, string caption) =>
        new(file, title, caption, plot.GetImageBytes(Width, height, ImageFormat.Png));
}
