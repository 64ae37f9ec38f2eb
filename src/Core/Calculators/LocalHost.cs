namespace AutoPipe.Core.Calculators;

/// <summary>This machine's host name, read once: a result's provenance names the worker or node that computed it.</summary>
public static class LocalHost
{
    /// <summary>The host name (<see cref="Environment.MachineName"/>).</summary>
    public static string Name { get; } = Environment.MachineName;
}
