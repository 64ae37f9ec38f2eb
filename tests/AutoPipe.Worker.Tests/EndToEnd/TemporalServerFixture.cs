using Temporalio.Client;

namespace AutoPipe.Worker.Tests.EndToEnd;

/// <summary>
/// One client to the Temporal server at TEMPORAL_ADDRESS (namespace TEMPORAL_NAMESPACE, default "default"),
/// shared by the end-to-end tests; without TEMPORAL_ADDRESS the tests skip with <see cref="SkipReason"/>.
/// </summary>
public sealed class TemporalServerFixture : IAsyncLifetime
{
    public const string SkipReason = "TEMPORAL_ADDRESS is not set: no Temporal server to run the end-to-end tests against (e.g. TEMPORAL_ADDRESS=localhost:7233 with `temporal server start-dev`)";

    public ITemporalClient? Client { get; private set; }

    /// <summary>The server's address, when set.</summary>
    public string? Address { get; private set; }

    public async Task InitializeAsync()
    {
        var address = Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS");
        if (string.IsNullOrWhiteSpace(address))
        {
            return;
        }

        Address = address;
        Client = await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address)
        {
            Namespace = Environment.GetEnvironmentVariable("TEMPORAL_NAMESPACE") is { Length: > 0 } ns ? ns : "default",
        });
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
