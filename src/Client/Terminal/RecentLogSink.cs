using Serilog.Core;
using Serilog.Events;

namespace AutoPipe.Client.Terminal;

/// <summary>The last few log lines, shown inside the live progress display (which owns the terminal).</summary>
internal sealed class RecentLogSink(int capacity) : ILogEventSink
{
    private readonly Queue<(LogEventLevel Level, string Text)> lines = new();
    private readonly Lock gate = new();

    public void Emit(LogEvent logEvent)
    {
        var text = $"{logEvent.Timestamp:HH:mm:ss} {logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        lock (gate)
        {
            lines.Enqueue((logEvent.Level, text));
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
