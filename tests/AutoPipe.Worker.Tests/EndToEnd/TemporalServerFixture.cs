using Temporalio.Client;

namespace AutoPipe.Worker.Tests.EndToEnd;

/// <summary>
/// One client to the Temporal server of <see cref="TemporalServer"/>, shared by the end-to-end tests; without one there
/// is no client, and the tests (<see cref="TemporalFactAttribute"/>) are skipped, saying why.
/// </summary>
public sealed class TemporalServerFixture : IAsyncLifetime
{
    public ITemporalClient? Client { get; private set; }

    /// <summary>The server's address, when set.</summary>
    public string? Address { get; private set; }

    public async Task InitializeAsync()
    {
        if (TemporalServer.Address is not { } address)
        {
            return;
        }

        Address = address;
        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address)
        {
            Namespace = TemporalServer.Namespace,
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
