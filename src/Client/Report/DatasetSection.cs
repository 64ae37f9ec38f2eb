using System.Globalization;
using System.Net;
using System.Text;

namespace AutoPipe.Client.Report;

/// <summary>The report's dataset section in HTML: frames by config_type, the label distributions in numbers, cost by size.</summary>
internal static class DatasetSection
{
    public static void Append(StringBuilder html, DatasetSummary dataset)
    {
        html.Append("<h2 id=\"dataset\">Dataset</h2>\n");
        if (dataset.Frames == 0)
        {
            html.Append("<p>No completed calculation in results.db yet.</p>\n");
            return;
        }

        html.Append(CultureInfo.InvariantCulture,
            $"<p>{dataset.Frames} frames in results.db, the training set <code>autopipe export</code> writes (one frame per completed calculation).</p>\n");
        html.Append("<table id=\"dataset-config-types\">\n<tr><th>config_type</th><th>frames</th><th>share</th></tr>\n");
        foreach (var (type, count) in dataset.ConfigTypes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(type)}</td><td class=\"n\">{count}</td><td class=\"n\">{(double)count / dataset.Frames:P1}</td></tr>\n");
        }

        html.Append("</table>\n<table id=\"dataset-distributions\">\n<tr><th>label</th><th>values</th><th>min</th><th>median</th><th>max</th></tr>\n");
        Distribution(html, "energy per atom (eV/atom)", dataset.EnergyPerAtom);
        Distribution(html, "|F| per atom (eV/&Aring;)", dataset.ForceMagnitudes);
        html.Append("</table>\n");
        if (dataset.Cost.Count > 0)
        {
            html.Append("<table id=\"dataset-cost\">\n<tr><th>atoms</th><th>calculations</th><th>mean wall time (s)</th><th>max wall time (s)</th><th>total (s)</th></tr>\n");
            foreach (var (atoms, walls) in dataset.Cost)
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td class=\"n\">{atoms}</td><td class=\"n\">{walls.Length}</td><td class=\"n\">{walls.Average():0.###}</td><td class=\"n\">{walls.Max():0.###}</td><td class=\"n\">{walls.Sum():0.#}</td></tr>\n");
            }

            html.Append("</table>\n");
        }
    }

    private static void Distribution(StringBuilder html, string label, double[] values)
    {
        if (values.Length == 0)
        {
            return;
        }

        var sorted = values.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        html.Append(CultureInfo.InvariantCulture,
            $"<tr><td>{label}</td><td class=\"n\">{sorted.Length}</td><td class=\"n\">{sorted[0]:G6}</td><td class=\"n\">{median:G6}</td><td class=\"n\">{sorted[^1]:G6}</td></tr>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
