using System.Globalization;
using System.Net;
using System.Text;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Report;

/// <summary>The report's HTML page: self-contained (figures embedded as base64 PNG, no script, no external resource).</summary>
internal static class ReportPage
{
    private const int MaxRows = 200;

    public static string Html(ReportData data, IReadOnlyList<ReportFigure> figures, DateTimeOffset generated)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>AutoPipe report: {{E(data.Campaign)}}</title>
            <style>
            body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1040px; color: #222; }
            h1 { margin-bottom: 0.2em; }
            .sub { color: #666; margin-top: 0; }
            table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
            td, th { border-bottom: 1px solid #ddd; padding: 0.25em 0.8em; text-align: left; vertical-align: top; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            figure { margin: 1.5em 0; }
            figure img { max-width: 100%; border: 1px solid #eee; }
            figcaption { color: #555; font-size: 0.9em; }
            .ok { color: #2ca02c; } .bad { color: #d62728; }
            </style>
            </head>
            <body>
            <h1>{{E(data.Campaign)}}</h1>
            <p class="sub">{{E(data.Workdir)}} &middot; calculator {{E(data.Calculator)}} &middot; {{data.Workers}} worker(s) &middot; report generated {{generated:yyyy-MM-dd HH:mm:ss}} UTC</p>
            """);
        Summary(html, data);
        Figures(html, figures.Where(f => !f.Dataset));
        if (data.Attempts.Count == 0)
        {
            html.Append("<p>No attempt has ended yet: the figures appear once calculations finish.</p>\n");
        }

        DatasetSection.Append(html, data.Dataset);
        Figures(html, figures.Where(f => f.Dataset));

        Learned(html, data);
        FailedJobs(html, data);
        FailedAttempts(html, data);
        Results(html, data);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Figures(StringBuilder html, IEnumerable<ReportFigure> figures)
    {
        foreach (var figure in figures)
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <figure id="{E(Path.GetFileNameWithoutExtension(figure.FileName))}">
                <h2>{E(figure.Title)}</h2>
                <img alt="{E(figure.Title)}" src="data:image/png;base64,{Convert.ToBase64String(figure.Png)}">
                <figcaption>{E(figure.Caption)} (also in <a href="{E(figure.FileName)}">{E(figure.FileName)}</a>)</figcaption>
                </figure>

                """);
        }
    }

    private static void Summary(StringBuilder html, ReportData data)
    {
        var completedAttempts = data.Attempts.Count(a => a.Outcome == AttemptVerdict.Completed);
        var rate = data.Span > 0 ? completedAttempts / (data.Span / 60) : 0;
        var busy = data.Attempts.Sum(a => a.Ended - a.Started);
        var utilisation = data.Span > 0 && data.Workers > 0 ? busy / (data.Span * data.Workers) : 0;
        html.Append("<table id=\"summary\">\n");
        Row(html, "jobs", data.Jobs.Count.ToString(CultureInfo.InvariantCulture));
        Row(html, "completed", $"<span class=\"ok\">{data.Completed}</span>", raw: true);
        Row(html, "failed for good", $"<span class=\"{(data.Failed.Count > 0 ? "bad" : "ok")}\">{data.Failed.Count}</span>", raw: true);
        Row(html, "pending", data.Pending.ToString(CultureInfo.InvariantCulture));
        Row(html, "attempts", data.Attempts.Count.ToString(CultureInfo.InvariantCulture) +
            $" ({data.Attempts.Count(a => a.Outcome is AttemptVerdict.Retried or AttemptVerdict.GaveUp)} failed, {data.Attempts.Count(a => a.Outcome == AttemptVerdict.Interrupted)} interrupted)");
        Row(html, "first attempt started", data.FirstStart is { } start ? start.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "-");
        Row(html, "campaign time", string.Create(CultureInfo.InvariantCulture, $"{data.Span:0.#} s (first attempt's start to last attempt's end)"));
        Row(html, "throughput", string.Create(CultureInfo.InvariantCulture, $"{rate:0.##} jobs/min"));
        Row(html, "slot utilisation", string.Create(CultureInfo.InvariantCulture, $"{utilisation:P0} (time in attempts / (campaign time x workers))"));
        Row(html, "compute", $"{data.Cost} (every attempt's wall time x {data.Cost.CoresPerAttempt} core(s))");
        html.Append("</table>\n");
    }

    private static void Learned(StringBuilder html, ReportData data)
    {
        if (data.Learned.Count == 0)
        {
            return;
        }

        html.Append("<h2>Learned from repairs</h2>\n<p>Calculations not yet started when these were learned started with them (numerical settings only: never cutoffs, k-points, smearing or pseudopotentials).</p>\n");
        html.Append("<table id=\"learned\">\n<tr><th>failure</th><th>repaired by</th><th>learned from</th></tr>\n");
        foreach (var learned in data.Learned)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(learned.Kind.ToString())}</td><td>{E(learned.SettingsText)}</td><td>{E(string.Join(", ", learned.FromJobs))}</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void FailedJobs(StringBuilder html, ReportData data)
    {
        if (data.Failed.Count == 0)
        {
            return;
        }

        html.Append("<h2>Jobs failed for good</h2>\n<table id=\"failed-jobs\">\n<tr><th>job</th><th>attempts</th><th>reason</th></tr>\n");
        foreach (var job in data.Failed.Take(MaxRows))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(job.JobId)}</td><td class=\"n\">{job.Attempts}</td><td>{E(job.FailureReason ?? "")}</td></tr>\n");
        }

        html.Append("</table>\n");
        More(html, data.Failed.Count);
    }

    private static void FailedAttempts(StringBuilder html, ReportData data)
    {
        var failed = data.Attempts.Where(a => a.FailureKind != null).ToList();
        if (failed.Count == 0)
        {
            return;
        }

        html.Append("<h2>Failed attempts</h2>\n<table id=\"failed-attempts\">\n<tr><th>job</th><th>attempt</th><th>slot</th><th>kind</th><th>then</th><th>message</th></tr>\n");
        foreach (var a in failed.Take(MaxRows))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(a.JobId)}</td><td class=\"n\">{a.Attempt}</td><td class=\"n\">{a.Slot}</td><td>{E(a.FailureKind!)}</td><td>{(a.Outcome == AttemptVerdict.GaveUp ? "gave up" : "retried")}</td><td>{E(a.Message ?? "")}</td></tr>\n");
        }

        html.Append("</table>\n");
        More(html, failed.Count);
    }

    private static void Results(StringBuilder html, ReportData data)
    {
        if (data.Results.Count == 0)
        {
            return;
        }

        html.Append("<h2>Results (results.db)</h2>\n<table id=\"results\">\n<tr><th>id</th><th>job</th><th>formula</th><th>energy (eV)</th><th>fmax (eV/&Aring;)</th><th>attempts</th></tr>\n");
        foreach (var r in data.Results.Take(MaxRows))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td class=\"n\">{r.Id}</td><td>{E(r.JobId)}</td><td>{E(r.Formula)}</td><td class=\"n\">{r.Energy:F6}</td><td class=\"n\">{r.Fmax:F4}</td><td class=\"n\">{r.Attempts}</td></tr>\n");
        }

        html.Append("</table>\n");
        More(html, data.Results.Count);
    }

    private static void More(StringBuilder html, int count)
    {
        if (count > MaxRows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>... and {count - MaxRows} more (autopipe status / autopipe results list them all).</p>\n");
        }
    }

    private static void Row(StringBuilder html, string name, string value, bool raw = false) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(name)}</th><td>{(raw ? value : E(value))}</td></tr>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
