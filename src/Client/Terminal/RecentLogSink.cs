using System.Globalization;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace AutoPipe.Client.Terminal;

/// <summary>The last few log lines, shown inside the live progress display (which owns the terminal).</summary>
internal sealed class RecentLogSink(int capacity) : ILogEventSink
{
    // ":lj" renders strings as the console does (job-0002, not "job-0002").
    private static readonly MessageTemplateTextFormatter formatter = new("{Timestamp:HH:mm:ss} {Message:lj}", CultureInfo.InvariantCulture);

    private readonly Queue<(LogEventLevel Level, string Text)> lines = new();
    private readonly Lock gate = new();

    public void Emit(LogEvent logEvent)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        formatter.Format(logEvent, text);
        lock (gate)
        {
            lines.Enqueue((logEvent.Level, text.ToString()));
            while (lines.Count > capacity)
            {
                lines.Dequeue();
            }
        }
    }

    public IReadOnlyList<(LogEventLevel Level, string Text)> Lines()
    {
        lock (gate)
        {
            return lines.ToList();
        }
    }
}
