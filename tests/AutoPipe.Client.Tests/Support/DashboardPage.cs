using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AutoPipe.Client.Tests.Support;

/// <summary>The dashboard as tests reach it: a free port, the URL a process logged, the page's own state.</summary>
public static partial class DashboardPage
{
    /// <summary>A port nobody listens on now (the dashboard takes the next free one anyway if it is taken meanwhile).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until <paramref name="cli"/> has logged the dashboard's URL; returns it.</summary>
    public static string WaitForUrl(Cli cli, int seconds = 60)
    {
        string? url = null;
        Poll.Until(
            () =>
            {
                url = DashboardUrl().Match(cli.Stdout) is { Success: true } match ? match.Groups[1].Value : null;
                return url != null || cli.HasExited;
            },
            seconds,
            "the dashboard's URL in the log");
        return url ?? throw new InvalidOperationException($"autopipe exited before serving a dashboard:\n{cli.Stdout}\n{cli.Stderr}");
    }

    /// <summary>The message the page rendered last (window.autopipe.message), or null before the first.</summary>
    public static async Task<JsonNode?> StateAsync(IPage page) =>
        JsonNode.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.autopipe && window.autopipe.message)"));

    /// <summary>The page's kept bars (the task stream), as JSON.</summary>
    public static async Task<JsonArray> BarsAsync(IPage page) =>
        JsonNode.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.autopipe.bars)"))!.AsArray();

    /// <summary>Waits until <paramref name="condition"/> holds for the page's state; throws naming <paramref name="what"/> and the last state.</summary>
    public static async Task<JsonNode> UntilAsync(IPage page, Func<JsonNode, bool> condition, int seconds, string what) =>
        (await Poll.UntilAsync(() => StateAsync(page), state => state != null && condition(state), seconds, what))!;

    [GeneratedRegex(@"Dashboard: (http://\S+/)")]
    private static partial Regex DashboardUrl();
}
