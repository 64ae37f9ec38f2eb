using System.Globalization;
using ScottPlot;

namespace AutoPipe.Client.Report;

/// <summary>The figures of the report's dataset section: what a potential trained on results.db would learn from, and its cost.</summary>
internal static class DatasetFigures
{
    /// <summary>Every dataset figure the data allows, in page order.</summary>
    public static List<ReportFigure> All(ReportData data)
    {
        var dataset = data.Dataset;
        var figures = new List<ReportFigure>();
        if (dataset.Frames == 0)
        {
            return figures;
        }

        var note = data.Calculator == "mock" ? " (mock calculator: Lennard-Jones stand-in values, not DFT)" : "";
        figures.Add(ConfigTypes(dataset));
        if (dataset.EnergyPerAtom.Length > 0)
        {
            figures.Add(ReportFigures.Histogram("energy-per-atom.png", "Energy per atom", "energy per atom (eV/atom)", dataset.EnergyPerAtom, Color.FromHex("#17becf"),
                $"Energy divided by the atom count, for the {dataset.EnergyPerAtom.Length} frames of the dataset{note}.") with { Dataset = true });
        }

        if (dataset.ForceMagnitudes.Length > 0)
        {
            figures.Add(ReportFigures.Histogram("force-magnitude.png", "Force magnitudes", "|F| per atom (eV/Å)", dataset.ForceMagnitudes, Color.FromHex("#8c564b"),
                $"Magnitude of every atom's force, {dataset.ForceMagnitudes.Length} atoms in all{note}.") with { Dataset = true });
        }

        if (dataset.Cost.Count > 0)
        {
            figures.Add(Cost(dataset));
        }

        return figures;
    }

    private static ReportFigure ConfigTypes(DatasetSummary dataset)
    {
        using var plot = ReportFigures.NewPlot("Frames by config_type");
        var types = dataset.ConfigTypes.Take(30).ToList();
        var bars = types.Select((t, i) => new Bar { Position = i + 1, Value = t.Count, Size = 0.6, FillColor = Color.FromHex("#1f77b4") }).ToList();
        plot.Add.Bars(bars).Horizontal = true;
        plot.Axes.Left.SetTicks(bars.Select(b => b.Position).ToArray(), types.Select(t => t.ConfigType).ToArray());
        plot.Axes.SetLimitsY(types.Count + 0.6, 0.4);
        plot.Axes.SetLimitsX(0, types.Max(t => t.Count) * 1.15);
        plot.XLabel("frames");
        ReportFigures.IntegerTicks(plot.Axes.Bottom);
        var more = dataset.ConfigTypes.Count > types.Count ? $" (the 30 largest of {dataset.ConfigTypes.Count} shown)" : "";
        return ReportFigures.Figure(plot, "config-types.png", "Frames by config_type", Math.Clamp(120 + (types.Count * 36), 220, 1200),
            $"{dataset.Frames} frames in results.db by their input frame's config_type{more}: the balance of the training set.") with { Dataset = true };
    }

    private static ReportFigure Cost(DatasetSummary dataset)
    {
        using var plot = ReportFigures.NewPlot("Cost by structure size");
        var xs = dataset.Cost.SelectMany(c => c.WallSeconds.Select(_ => (double)c.Atoms)).ToArray();
        var ys = dataset.Cost.SelectMany(c => c.WallSeconds).ToArray();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.Color = Color.FromHex("#ff7f0e").WithAlpha(0.6);
        points.MarkerSize = 6;
        points.LegendText = "one calculation";
        var means = plot.Add.ScatterLine(dataset.Cost.Select(c => (double)c.Atoms).ToArray(), dataset.Cost.Select(c => c.WallSeconds.Average()).ToArray());
        means.Color = Color.FromHex("#1f77b4");
        means.LineWidth = 2;
        means.MarkerSize = 8;
        means.LegendText = "mean per size";
        var minAtoms = dataset.Cost[0].Atoms;
        var maxAtoms = dataset.Cost[^1].Atoms;
        plot.Axes.SetLimitsX(minAtoms - 1 - ((maxAtoms - minAtoms) * 0.05), maxAtoms + 1 + ((maxAtoms - minAtoms) * 0.05));
        plot.Axes.SetLimitsY(0, Math.Max(ys.Max(), 1e-3) * 1.2);
        plot.XLabel("atoms in the structure");
        plot.YLabel("wall time per calculation (s)");
        ReportFigures.IntegerTicks(plot.Axes.Bottom);
        plot.ShowLegend(Alignment.UpperLeft);
        return ReportFigures.Figure(plot, "cost-by-size.png", "Cost by structure size", 360,
            string.Create(CultureInfo.InvariantCulture,
                $"Wall time of each completed calculation (provenance wall_time_s, {ys.Length} calculations, {ys.Sum():0.#} s in all) against its atom count, with the mean per size.")) with { Dataset = true };
    }
}
