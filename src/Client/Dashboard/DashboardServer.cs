using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ILogger = Serilog.ILogger;

namespace AutoPipe.Client.Dashboard;

/// <summary>
/// Serves the dashboard (Kestrel, minimal APIs): the page and its scripts (embedded in this assembly, ECharts
/// vendored: nothing is fetched from the internet), <c>/events</c> (Server-Sent Events: a snapshot, then an update at
/// every look of the <see cref="DashboardFeed"/>, about twice a second) and <c>/api/state</c> (the snapshot as JSON).
/// Read-only: GET only, nothing on the page can change the campaign. Binds loopback unless told otherwise, and then
/// accepts only requests addressed to loopback names (no DNS rebinding).
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    /// <summary>How many ports after the one asked are tried when it is taken.</summary>
    public const int PortsTried = 20;

    private static readonly JsonSerializerOptions json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication app;
    private readonly DashboardFeed feed;
    private readonly Lock gate = new();
    private readonly List<Channel<string>> pages = [];
    private readonly CancellationTokenSource stopLooking = new();
    private ILogger log;
    private Task looking = Task.CompletedTask;
    private bool finished;
    private bool disposed;
    private string? lookFailure;

    private DashboardServer(WebApplication app, DashboardFeed feed, ILogger log, string url)
    {
        this.app = app;
        this.feed = feed;
        this.log = log;
        Url = url;
    }

    /// <summary>The page's address.</summary>
    public string Url { get; }

    /// <summary>Pages connected now.</summary>
    public int Pages
    {
        get
        {
            lock (gate)
            {
                return pages.Count;
            }
        }
    }

    /// <summary>
    /// Binds <paramref name="address"/> (the next free port when its port is taken, said in the log) and starts looking
    /// every <paramref name="interval"/>. Throws <see cref="DashboardAddressException"/>, naming <paramref name="option"/>
    /// (the command-line option that gave the address), when the address cannot be bound.
    /// </summary>
    public static async Task<DashboardServer> StartAsync(DashboardAddress address, DashboardFeed feed, ILogger log, TimeSpan? interval = null, string option = "--dashboard")
    {
        ArgumentNullException.ThrowIfNull(address);
        var last = Math.Min(65535, address.Port + PortsTried - 1);
        for (var port = address.Port; port <= last; port++)
        {
            var server = Build(address, port, feed, log);
            try
            {
                await server.app.StartAsync().ConfigureAwait(false);
            }
            catch (IOException e) when (e.InnerException is AddressInUseException || (e.InnerException as SocketException)?.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                await server.app.DisposeAsync().ConfigureAwait(false);
                continue;
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                await server.app.DisposeAsync().ConfigureAwait(false);
                throw new DashboardAddressException($"{option} {address.Host}:{address.Port}: cannot listen there: {(e.InnerException ?? e).Message}");
            }

            if (port != address.Port)
            {
                log.Information("Dashboard: port {Port} is taken; serving on the next free port, {Free}", address.Port, port);
            }

            if (!address.IsLoopback)
            {
                log.Warning(
                    "Dashboard: listening on {Host}:{Port}, NOT ONLY THIS MACHINE: anyone who can reach it can read the campaign (job ids, failure messages, results; " +
                    "nothing can be changed from the page). The default, 127.0.0.1, with an SSH tunnel (ssh -L {Port}:localhost:{Port} HOST) is safer",
                    address.Host, port, port, port);
            }

            log.Information("Dashboard: {Url}", server.Url);
            server.looking = server.LookAsync(interval ?? TimeSpan.FromMilliseconds(500), server.stopLooking.Token);
            return server;
        }

        throw new DashboardAddressException($"--dashboard {address.Host}:{address.Port}: ports {address.Port} to {last} are all taken");
    }

    /// <summary>Logs to <paramref name="logger"/> from now on: a run's log (console and autopipe.log) once its campaign is open.</summary>
    public void UseLog(ILogger logger)
    {
        lock (gate)
        {
            log = logger;
            feed.UseLog(logger);
        }
    }

    /// <summary>Takes the calculations in flight from <paramref name="run"/>, in this process, from now on.</summary>
    public void Attach(LiveRun run)
    {
        lock (gate)
        {
            feed.Attach(run);
        }
    }

    /// <summary>Looks once more (the run has ended: the final counts), sends it to every page, and stops serving.</summary>
    public async Task FinishAsync()
    {
        if (finished)
        {
            return;
        }

        finished = true;
        await stopLooking.CancelAsync().ConfigureAwait(false);
        await looking.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Look();
        lock (gate)
        {
            // Each page's stream ends once it has sent what is queued.
            foreach (var page in pages)
            {
                page.Writer.TryComplete();
            }
        }

        await app.StopAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await FinishAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        stopLooking.Dispose();
    }

    private static DashboardServer Build(DashboardAddress address, int port, DashboardFeed feed, ILogger log)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        // The command line owns Ctrl+C and SIGTERM (a run stops gracefully); the web host must not take them.
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        // The pages have had the last update when it stops: a browser's idle connections must not hold the run's exit.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address.Host, port));
        if (address.IsLoopback)
        {
            builder.Services.AddHostFiltering(o => o.AllowedHosts = ["localhost", "127.0.0.1", "[::1]"]);
        }

        var app = builder.Build();
        var server = new DashboardServer(app, feed, log, address.Url(port));
        if (address.IsLoopback)
        {
            app.UseHostFiltering();
        }

        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            // Only this origin's scripts run (no inline script, no eval): text that slipped into markup could not run.
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            await next(context).ConfigureAwait(false);
        });
        app.MapGet("/events", server.EventsAsync);
        app.MapGet("/api/state", () => Results.Text(server.SnapshotJson(), "application/json", Encoding.UTF8));
        app.MapGet("/", () => DashboardAssets.Result("index.html"));
        app.MapGet("/{**path}", (string path) => DashboardAssets.Result(path));
        return server;
    }

    private string SnapshotJson()
    {
        lock (gate)
        {
            return JsonSerializer.Serialize(feed.Snapshot(), json);
        }
    }

    private async Task EventsAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        // A page that cannot keep up is dropped; its EventSource reconnects and starts again from a snapshot.
        var page = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { SingleReader = true });
        int open;
        lock (gate)
        {
            page.Writer.TryWrite("retry: 2000\n\n" + Event("snapshot", JsonSerializer.Serialize(feed.Snapshot(), json)));
            if (finished)
            {
                page.Writer.TryComplete();
            }
            else
            {
                pages.Add(page);
            }

            open = pages.Count;
        }

        log.Information("Dashboard: a page connected from {Remote} ({Open} open)", context.Connection.RemoteIpAddress, open);
        try
        {
            await foreach (var message in page.Reader.ReadAllAsync(context.RequestAborted).ConfigureAwait(false))
            {
                await response.WriteAsync(message, context.RequestAborted).ConfigureAwait(false);
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The page went away.
        }
        finally
        {
            lock (gate)
            {
                pages.Remove(page);
            }
        }
    }

    private async Task LookAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                Look();
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Finishing.
        }
    }

    private void Look()
    {
        lock (gate)
        {
            string message;
            try
            {
                message = Event("update", JsonSerializer.Serialize(feed.Look(), json));
                lookFailure = null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A file being replaced, a database busy: the next look tries again. Say it once, not twice a second.
                if (lookFailure != e.Message)
                {
                    log.Warning("Dashboard: could not read the working directory ({Error}); trying again", e.Message);
                    lookFailure = e.Message;
                }

                return;
            }

            foreach (var page in pages.ToList())
            {
                if (!page.Writer.TryWrite(message))
                {
                    page.Writer.TryComplete();
                    pages.Remove(page);
                }
            }
        }
    }

    private static string Event(string name, string data) => $"event: {name}\ndata: {data}\n\n";

    /// <summary>A host lifetime that leaves the process's signals alone.</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
