using Serilog.Core;
using Serilog.Events;

namespace AutoPipe.Client.Terminal;

/// <summary>Keeps events in memory until the log file may be created, then replays them into it.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    private readonly List<LogEvent> events = [];
    private readonly Lock gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (gate)
        {
            events.Add(logEvent);
        }
    }

    public IReadOnlyList<LogEvent> Drain()
    {
        lock (gate)
        {
            var drained = events.ToList();
            events.Clear();
            return drained;
        }
    }
}
