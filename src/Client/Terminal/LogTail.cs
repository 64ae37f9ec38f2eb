using System.Text;
using Serilog.Events;

namespace AutoPipe.Client.Terminal;

/// <summary>The last lines of DIR/autopipe.log, for <c>autopipe status --watch</c> (another process writes the log).</summary>
internal static class LogTail
{
    private const int TailBytes = 16 * 1024;

    public static IReadOnlyList<(LogEventLevel Level, string Text)> Lines(string path, int count)
    {
        string text;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(0, file.Length - TailBytes);
            file.Seek(start, SeekOrigin.Begin);
            var buffer = new byte[file.Length - start];
            file.ReadExactly(buffer);
            text = Encoding.UTF8.GetString(buffer);
        }
        catch (IOException)
        {
            return [];
        }

        // Lines of LogSetup.Template: "HH:mm:ss.fff [INF] message"; continuation lines (exceptions) are left out.
        return text.Split('\n')
            .Where(line => line.Length > 19 && line[12] == ' ' && line[13] == '[' && line[17] == ']')
            .TakeLast(count)
            .Select(line => (Level(line.Substring(14, 3)), line[..8] + line[18..].TrimEnd('\r')))
            .ToList();
    }

    private static LogEventLevel Level(string code) => code switch
    {
        "WRN" => LogEventLevel.Warning,
        "ERR" => LogEventLevel.Error,
        "FTL" => LogEventLevel.Fatal,
        "DBG" => LogEventLevel.Debug,
        _ => LogEventLevel.Information,
    };
}
