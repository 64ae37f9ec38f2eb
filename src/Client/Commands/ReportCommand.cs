using System.CommandLine;
using AutoPipe.Client.Report;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Client.Commands;

/// <summary><c>autopipe report --workdir DIR [--output DIR/report]</c>: an HTML page and PNG figures of a campaign.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var workdir = CommonOptions.Workdir("The campaign's working directory (finished or still running).");
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Where to write index.html and the PNG figures (default: DIR/report).",
            HelpName = "OUT",
        };
        var command = new Command("report",
            "Write a report of a campaign: index.html (self-contained, open it in a browser) with a task stream (one lane per worker slot, " +
            "one bar per attempt coloured by outcome), throughput over time, attempts and failure kinds, energy and max-force distributions; " +
            "the figures also as PNG files.")
        {
            workdir, output,
        };
        command.SetAction(parse => Write(parse.GetValue(workdir)!, parse.GetValue(output)));
        return command;
    }

    private static int Write(string workdir, string? output)
    {
        var folder = output ?? CampaignReport.DefaultOutput(workdir);
        try
        {
            var (page, figures) = CampaignReport.Write(workdir, folder, TimeProvider.System);
            Console.WriteLine($"Report: {Path.GetFullPath(page)} ({figures.Count} figure(s): {string.Join(", ", figures.Select(f => f.FileName))})");
            return ExitCodes.Success;
        }
        catch (SqliteException e)
        {
            throw new WorkdirUnavailableException($"cannot read {workdir}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WorkdirUnavailableException($"cannot write {folder}: {e.Message}", e);
        }
    }
}
