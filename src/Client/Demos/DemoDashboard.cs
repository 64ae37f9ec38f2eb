using AutoPipe.Client.Dashboard;
using AutoPipe.Core.Workspace;
using Serilog;

namespace AutoPipe.Client.Demos;

/// <summary>
/// The live dashboard of a demo's parallel run, served by the demo itself from the start (as the seed's notebook
/// prints Dask's dashboard link), so there is time to open it before that run begins; the page waits for it.
/// </summary>
internal static class DemoDashboard
{
    /// <summary>Serves the dashboard of the campaign that will run in <paramref name="workdir"/> and prints its link (or why there is none); dispose to stop it.</summary>
    public static async Task<IAsyncDisposable> StartAsync(string workdir, string which)
    {
        // The demo's console is for the demo's story: the dashboard's own lines stay out of it.
        var quiet = new LoggerConfiguration().CreateLogger();
        try
        {
            var server = await DashboardServer.StartAsync(DashboardAddress.Default, new DashboardFeed(Workdir.For(workdir), quiet), quiet).ConfigureAwait(false);
            Console.WriteLine($"Dashboard: {server.Url}  (open it in another tab to watch the {which} live: each worker's lane, the calculations in flight)");
            return server;
        }
        catch (DashboardAddressException e)
        {
            Console.WriteLine($"(No dashboard: {e.Message})");
            return new Nothing();
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
