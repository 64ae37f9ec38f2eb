using System.Globalization;
using System.Net;

namespace AutoPipe.Client.Dashboard;

/// <summary>Where the dashboard listens: <c>[HOST:]PORT</c>, HOST an IP address or <c>localhost</c> (default 127.0.0.1).</summary>
/// <param name="Host">The address to bind.</param>
/// <param name="Port">The port to try first (the next free one is taken when it is busy).</param>
internal sealed record DashboardAddress(IPAddress Host, int Port)
{
    /// <summary>Dask's dashboard port, so the habit carries over.</summary>
    public const int DefaultPort = 8787;

    /// <summary>The default: loopback only, port 8787.</summary>
    public static DashboardAddress Default { get; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>Whether only this machine can connect.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Host);

    /// <summary>The URL of the page at <paramref name="port"/> (a wildcard address is linked as this machine's name).</summary>
    public string Url(int port)
    {
        var host = Host.Equals(IPAddress.Any) || Host.Equals(IPAddress.IPv6Any) ? Environment.MachineName
            : Host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Host}]"
            : Host.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}/");
    }

    /// <summary>As the command line takes it, <c>HOST:PORT</c> (an IPv6 host in brackets): the help shows the default so.</summary>
    public override string ToString() => Host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>Reads <c>[HOST:]PORT</c>; null and the reason when it is not one.</summary>
    public static DashboardAddress? Parse(string text, string option, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        var trimmed = text.Trim();
        string host = "127.0.0.1", port = trimmed;
        var colon = trimmed.LastIndexOf(':');
        if (colon >= 0 && !(trimmed.StartsWith('[') && !trimmed[..colon].EndsWith(']')))
        {
            host = trimmed[..colon].Trim('[', ']');
            port = trimmed[(colon + 1)..];
        }

        IPAddress? address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : null;
        if (address == null || host.Length == 0)
        {
            problem = $"{option} {text}: '{host}' is not an IP address (give [HOST:]PORT, e.g. 8787, 127.0.0.1:8787 or 0.0.0.0:8787)";
            return null;
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            problem = $"{option} {text}: '{port}' is not a port (1-65535)";
            return null;
        }

        return new DashboardAddress(address, number);
    }
}
