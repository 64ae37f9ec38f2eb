using Temporalio.Client;

namespace AutoPipe.Client.Temporal;

/// <summary>The connection to a Temporal server that the command line points at (see <c>CommonOptions.Temporal</c>).</summary>
internal static class TemporalConnection
{
    /// <summary>Connects, or throws <see cref="TemporalUnavailableException"/> with what to check.</summary>
    public static async Task<ITemporalClient> ConnectAsync(string address, string @namespace, string? apiKey)
    {
        apiKey ??= Environment.GetEnvironmentVariable("TEMPORAL_API_KEY");
        try
        {
            return await TemporalClient.ConnectAsync(new TemporalClientConnectOptions(address)
            {
                Namespace = @namespace,
                ApiKey = apiKey,
                Tls = apiKey == null ? null : new TlsOptions(),
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TemporalUnavailableException($"cannot reach Temporal at {address} (namespace {@namespace}): {e.Message}", e);
        }
    }
}
