using System.CommandLine;
using Temporalio.Client;

namespace AutoPipe.Client.Temporal;

/// <summary>The options that point a command at a Temporal server, and the connection they make.</summary>
internal sealed class TemporalConnection
{
    public static readonly Option<string?> Address = new("--temporal")
    {
        Description = "Run on Temporal at HOST:PORT (the distributed runtime) instead of the embedded one.",
        HelpName = "HOST:PORT",
    };

    public static readonly Option<string> Namespace = new("--namespace")
    {
        Description = "Temporal namespace.",
        DefaultValueFactory = _ => "default",
    };

    public static readonly Option<string> TaskQueue = new("--task-queue")
    {
        Description = "The compute workers' task queue.",
        DefaultValueFactory = _ => Worker.Contracts.TaskQueues.Default,
    };

    public static readonly Option<double> HeartbeatTimeout = new("--heartbeat-timeout")
    {
        Description = "Seconds without a heartbeat after which a calculation counts as lost (its worker died) and runs elsewhere.",
        DefaultValueFactory = _ => Worker.Workflows.CampaignWorkflow.Input.DefaultHeartbeatTimeoutSeconds,
    };

    public static readonly Option<string> UiAddress = new("--temporal-ui")
    {
        Description = "With --temporal: the Temporal UI's address, for the link to the workflow (docker-compose.temporal.yml's is http://localhost:8080).",
        DefaultValueFactory = _ => Worker.Runtime.TemporalRuntimeOptions.DefaultUiAddress,
        HelpName = "URL",
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "API key (Temporal Cloud); also read from TEMPORAL_API_KEY. Implies TLS.",
    };

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
