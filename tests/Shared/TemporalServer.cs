namespace AutoPipe.Tests.Shared;

/// <summary>
/// The Temporal server the server-backed tests run against: TEMPORAL_ADDRESS (namespace TEMPORAL_NAMESPACE, default
/// "default"). Without it they are skipped, saying why (<see cref="TemporalFactAttribute"/>).
/// </summary>
public static class TemporalServer
{
    /// <summary>The server's address, or null when none is set.</summary>
    public static string? Address { get; } = Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS") is { Length: > 0 } address ? address : null;

    /// <summary>The namespace the tests use.</summary>
    public static string Namespace { get; } = Environment.GetEnvironmentVariable("TEMPORAL_NAMESPACE") is { Length: > 0 } name ? name : "default";

    /// <summary>Why the tests that need a server cannot run here, or null when they can.</summary>
    public static string? Missing => Address is null
        ? "TEMPORAL_ADDRESS is not set: no Temporal server here (start one, e.g. `temporal server start-dev`, and set TEMPORAL_ADDRESS=localhost:7233 to run this test)"
        : null;
}
