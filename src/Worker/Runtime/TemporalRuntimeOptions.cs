using AutoPipe.Worker.Contracts;

namespace AutoPipe.Worker.Runtime;

/// <summary>How <see cref="TemporalRuntime"/> runs a campaign; defaults in one place.</summary>
public sealed record TemporalRuntimeOptions
{
    /// <summary>The compute workers' task queue.</summary>
    public string TaskQueue { get; init; } = TaskQueues.Default;

    /// <summary>The calculator's name in the workers' allow-list; null for the spec's calculator kind.</summary>
    public string? Calculator { get; init; }

    /// <summary>Seconds without a heartbeat after which a calculation counts as lost and runs elsewhere.</summary>
    public double HeartbeatTimeoutSeconds { get; init; } = Workflows.CampaignWorkflow.Input.DefaultHeartbeatTimeoutSeconds;

    /// <summary>How often the workflow is asked what runs now (for the live display and status.json).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one progress query may take before the client says so and waits on.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock (tests use a fake one).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Default of <see cref="UiAddress"/>, and of every command's <c>--temporal-ui</c>: the UI of the dev server
    /// (<c>temporal server start-dev</c>). docker-compose.temporal.yml serves its UI at http://localhost:8080.
    /// </summary>
    public const string DefaultUiAddress = "http://localhost:8233";

    /// <summary>The Temporal UI's address, for the link in the log.</summary>
    public string UiAddress { get; init; } = DefaultUiAddress;
}
