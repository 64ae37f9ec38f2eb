using System.Globalization;
using AutoPipe.Core.Runtime;

namespace AutoPipe.Client.Terminal;

/// <summary>Rate and ETA arithmetic shared by the live display and the plain progress lines.</summary>
internal static class ProgressText
{
    public static double Rate(CampaignProgress progress, DateTimeOffset now)
    {
        var seconds = (now - progress.StartedAt).TotalSeconds;
        return seconds > 0 ? progress.CompletedThisRun / seconds : 0;
    }

    /// <summary>The rate in a unit that suits it: DFT jobs take minutes to hours, mock jobs fractions of a second.</summary>
    public static string RateText(CampaignProgress progress, DateTimeOffset now)
    {
        var rate = Rate(progress, now);
        if (rate <= 0)
        {
            return "rate -";
        }

        var (value, unit) = rate >= 1 ? (rate, "s") : rate * 60 >= 1 ? (rate * 60, "min") : (rate * 3600, "h");
        return string.Create(CultureInfo.InvariantCulture, $"{value:0.##} jobs/{unit}");
    }

    public static string Eta(CampaignProgress progress, DateTimeOffset now)
    {
        var rate = Rate(progress, now);
        return rate <= 0 || progress.Pending == 0 ? "-" : Duration(TimeSpan.FromSeconds(progress.Pending / rate));
    }

    public static string Duration(TimeSpan span) => span.TotalSeconds < 60
        ? span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{(int)span.TotalHours} h {span.Minutes} min";

    public static string Line(CampaignProgress progress, DateTimeOffset now) => string.Create(
        CultureInfo.InvariantCulture,
        $"Progress: {progress.Completed}/{progress.Total} completed, {progress.Failed} failed, {progress.InFlight.Count} running, " +
        $"{RateText(progress, now)}, ETA {Eta(progress, now)}");
}
