using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace AutoPipe.Client.Terminal;

/// <summary>
/// Serilog for a run: plain lines on the console (unless a live display owns the terminal) and every event in
/// DIR/autopipe.log. Events logged before the directory may be written (while the input is validated) are
/// collected and replayed into the file once it is.
/// </summary>
internal static class LogSetup
{
    public const string Template = "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static Logger Console(LogEventLevel level, ILogEventSink? extra = null)
    {
        var configuration = new LoggerConfiguration().MinimumLevel.Debug()
            .WriteTo.Console(outputTemplate: Template, restrictedToMinimumLevel: level, standardErrorFromLevel: LogEventLevel.Fatal);
        if (extra != null)
        {
            configuration = configuration.WriteTo.Sink(extra);
        }

        return configuration.CreateLogger();
    }

    /// <summary>The file log; it blocks rather than drops when the disk falls behind (a lost line is a lie).</summary>
    public static Logger File(string file) =>
        new LoggerConfiguration().MinimumLevel.Debug()
            .WriteTo.Async(a => a.File(file, outputTemplate: Template, buffered: true, flushToDiskInterval: TimeSpan.FromSeconds(1)), blockWhenFull: true)
            .CreateLogger();

    /// <summary>
    /// Closes the file log. On a full or vanished disk its last buffered lines cannot be written: that must not turn
    /// the run's exit code (3, with the reason already on the console) into a crash.
    /// </summary>
    public static async ValueTask CloseAsync(Logger file)
    {
        try
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The console has said why the directory cannot be written.
        }
    }

    public static Logger Both(Logger console, Logger file) =>
        new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Logger(console).WriteTo.Logger(file).CreateLogger();
}
