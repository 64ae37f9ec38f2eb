using System.Net;
using AutoPipe.Client.Dashboard;

namespace AutoPipe.Client.Tests.Dashboard;

public class DashboardAddressTests
{
    [Theory]
    [InlineData("8787", "127.0.0.1", 8787, true)]
    [InlineData("localhost:9000", "127.0.0.1", 9000, true)]
    [InlineData("0.0.0.0:8787", "0.0.0.0", 8787, false)]
    [InlineData("[::1]:8788", "::1", 8788, true)]
    [InlineData("10.1.2.3:80", "10.1.2.3", 80, false)]
    public void Parse_HostAndPort_LoopbackUnlessGivenAnother(string text, string host, int port, bool loopback)
    {
        var address = DashboardAddress.Parse(text, "--dashboard", out var problem)!;

        Assert.Null(problem);
        Assert.Equal((IPAddress.Parse(host), port, loopback), (address.Host, address.Port, address.IsLoopback));
    }

    [Theory]
    [InlineData("nowhere:8787", "'nowhere' is not an IP address")]
    [InlineData("127.0.0.1:http", "'http' is not a port")]
    [InlineData("70000", "'70000' is not a port")]
    [InlineData("", "'' is not a port")]
    public void Parse_NotAnAddress_NamesWhatIsWrong(string text, string problem)
    {
        Assert.Null(DashboardAddress.Parse(text, "--dashboard", out var why));
        Assert.StartsWith($"--dashboard {text}: ", why, StringComparison.Ordinal);
        Assert.Contains(problem, why, StringComparison.Ordinal);
    }
}
