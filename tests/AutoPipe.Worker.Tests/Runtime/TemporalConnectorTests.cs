using System.Net;
using System.Net.Sockets;
using AutoPipe.Worker.Runtime;

namespace AutoPipe.Worker.Tests.Runtime;

/// <summary>The one way AutoPipe connects to Temporal, against an address where nothing listens (no server needed).</summary>
public sealed class TemporalConnectorTests
{
    [Fact]
    public async Task ConnectAsync_NothingListens_ThrowsTemporalUnavailableNamingAddressAndNamespace()
    {
        var address = $"127.0.0.1:{FreePort()}";

        var e = await Assert.ThrowsAsync<TemporalUnavailableException>(() => TemporalConnector.ConnectAsync(address, "campaigns", apiKey: null));

        Assert.StartsWith($"cannot reach Temporal at {address} (namespace campaigns): ", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.InnerException);
    }

    /// <summary>A loopback port nothing listens on: bound, read, and closed again.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
