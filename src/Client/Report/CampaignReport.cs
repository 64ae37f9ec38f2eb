namespace AutoPipe.Client.Report;

/// <summary>Writes a campaign's report: <c>index.html</c> (self-contained) and the same figures as PNG files beside it.</summary>
internal static class CampaignReport
{
    public static string DefaultOutput(string workdir) => Path.Combine(workdir, "report");

    /// <summary>Writes the report of <paramref name="workdir"/> into <paramref name="output"/>; returns the page's path and the figures.</summary>
    public static (string Page, IReadOnlyList<ReportFigure> Figures) Write(string workdir, string output, TimeProvider time)
    {
        var data = ReportData.Load(workdir);
        var figures = ReportFigures.All(data);
        Directory.CreateDirectory(output);
        foreach (var figure in figures)
        {
            File.WriteAllBytes(Path.Combine(output, figure.FileName), figure.Png);
        }

        var page = Path.Combine(output, "index.html");
        var temporary = page + ".tmp";
        File.WriteAllText(temporary, ReportPage.Html(data, figures, time.GetUtcNow()));
        File.Move(temporary, page, overwrite: true);
        return (page, figures);
    }
}
