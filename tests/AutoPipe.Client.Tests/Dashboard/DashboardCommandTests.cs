using System.Net;
using System.Net.Sockets;
using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Dashboard;

/// <summary>Where the dashboard listens: a port taken, a bad address, an address other machines reach; and what it serves.</summary>
public class DashboardCommandTests
{
    private static readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Dashboard_PortTaken_ServesOnTheNextFreeOneAndSaysSo()
    {
        using var dir = new TempDir();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var dashboard = Cli.Start("dashboard", "--workdir", Path.Combine(dir.Path, "none-yet"), "--address", $"127.0.0.1:{port}");

        var url = DashboardPage.WaitForUrl(dashboard);

        Assert.NotEqual($"http://127.0.0.1:{port}/", url);
        Assert.Contains($"Dashboard: port {port} is taken; serving on the next free port, ", dashboard.Stdout, StringComparison.Ordinal);
        Assert.Contains("no campaign in", dashboard.Stdout, StringComparison.Ordinal);
        // It serves the page, the vendored charting library (nothing from the internet), and the state, waiting for a campaign.
        Assert.Contains("<script src=\"vendor/echarts/echarts.min.js\" defer>", await http.GetStringAsync(url), StringComparison.Ordinal);
        Assert.StartsWith("/*", (await http.GetStringAsync(url + "vendor/echarts/echarts.min.js")).TrimStart(), StringComparison.Ordinal);
        Assert.Contains("\"status\":\"waiting\"", await http.GetStringAsync(url + "api/state"), StringComparison.Ordinal);
        // Read-only, and only for requests addressed to this machine's loopback names (no DNS rebinding).
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync(url + "api/state", null)).StatusCode);
        using var rebound = new HttpRequestMessage(HttpMethod.Get, url + "api/state");
        rebound.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(rebound)).StatusCode);
    }

    [Theory]
    [InlineData("run", "--dashboard", "nowhere:8787", "--dashboard nowhere:8787: 'nowhere' is not an IP address")]
    [InlineData("run", "--dashboard", "127.0.0.1:99999", "--dashboard 127.0.0.1:99999: '99999' is not a port")]
    [InlineData("run", "--dashboard", "192.0.2.1:8787", "--dashboard 192.0.2.1:8787: cannot listen there")]
    [InlineData("dashboard", "--address", "nowhere", "--address nowhere: 'nowhere' is not a port")]
    [InlineData("dashboard", "--address", "192.0.2.1:8787", "--address 192.0.2.1:8787: cannot listen there")]
    public void BadAddress_ExitsTwoNamingItAndWritesNothing(string command, string option, string address, string message)
    {
        using var dir = new TempDir();
        var spec = Specs.Mock(dir, "bad", jobs: 1, workers: 1, seconds: 0);
        var workdir = Path.Combine(dir.Path, "work");
        string[] args = command == "run" ? ["run", spec, "--workdir", workdir, option, address] : ["dashboard", "--workdir", workdir, option, address];

        var (exit, _, stderr) = Cli.Run(60, args);

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workdir));
    }

    [Fact]
    public void Dashboard_AllInterfaces_WarnsLoudly()
    {
        using var dir = new TempDir();
        using var dashboard = Cli.Start("dashboard", "--workdir", dir.Path, "--address", $"0.0.0.0:{DashboardPage.FreePort()}");

        DashboardPage.WaitForUrl(dashboard);

        Assert.Contains("[WRN] Dashboard: listening on 0.0.0.0:", dashboard.Stdout, StringComparison.Ordinal);
        Assert.Contains("NOT ONLY THIS MACHINE", dashboard.Stdout, StringComparison.Ordinal);
    }
}
