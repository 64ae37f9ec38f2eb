namespace AutoPipe.Client.Temporal;

/// <summary>Where and how a campaign runs on Temporal, as the command line gave it.</summary>
/// <param name="Address">HOST:PORT of the Temporal frontend.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="TaskQueue">The compute workers' task queue.</param>
/// <param name="ApiKey">API key, if any.</param>
/// <param name="Calculator">The calculator's allow-list name, or null for the spec's kind.</param>
/// <param name="HeartbeatTimeoutSeconds">How soon a lost worker's calculations move to another worker.</param>
/// <param name="UiAddress">The Temporal UI, for the link to the workflow.</param>
internal sealed record TemporalTarget(string Address, string Namespace, string TaskQueue, string? ApiKey, string? Calculator, double HeartbeatTimeoutSeconds, string UiAddress);
