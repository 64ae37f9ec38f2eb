using Microsoft.Extensions.Logging;

namespace AutoPipe.Worker.Tests.Support;

/// <summary>
/// Every entry logged through it (as a logger, or as the logger factory of a worker), with its category, level,
/// message and exception: what a worker's log would show.
/// </summary>
internal sealed class CapturedLog : ILoggerFactory, ILoggerProvider
{
    private readonly List<Entry> entries = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (entries)
            {
                return [.. entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (log.entries)
            {
                log.entries.Add(new Entry(category, logLevel, formatter(state, exception), exception));
            }
        }
    }
}
