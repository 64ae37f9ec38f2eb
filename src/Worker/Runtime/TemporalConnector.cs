using Temporalio.Client;

namespace AutoPipe.Worker.Runtime;

/// <summary>
/// The one way AutoPipe connects to a Temporal server, for the CLI (its <c>--temporal</c> options) and C# users alike:
/// an API key (argument or <c>TEMPORAL_API_KEY</c>) means TLS; a server that does not answer is a
/// <see cref="TemporalUnavailableException"/> naming the address and namespace.
/// </summary>
public static class TemporalConnector
{
    /// <summary>Connects, or throws <see cref="TemporalUnavailableException"/> with what to check.</summary>
    /// <param name="address">The server, HOST:PORT.</param>
    /// <param name="namespace">The namespace.</param>
    /// <param name="apiKey">An API key (TLS is then used); null takes <c>TEMPORAL_API_KEY</c> if set.</param>
    public static Task<ITemporalClient> ConnectAsync(string address, string @namespace, string? apiKey)
    {
        apiKey ??= Environment.GetEnvironmentVariable("TEMPORAL_API_KEY");
        return ConnectAsync(new TemporalClientConnectOptions(address)
        {
            Namespace = @namespace,
            ApiKey = apiKey,
            Tls = apiKey == null ? null : new TlsOptions(),
        });
    }

    /// <summary>
    /// Connects with options built elsewhere (the worker's, with mutual TLS), or throws
    /// <see cref="TemporalUnavailableException"/> with what to check.
    /// </summary>
    public static async Task<ITemporalClient> ConnectAsync(TemporalClientConnectOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return await TemporalClient.ConnectAsync(options).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new TemporalUnavailableException($"cannot reach Temporal at {options.TargetHost} (namespace {options.Namespace}): {e.Message}", e);
        }
    }
}
