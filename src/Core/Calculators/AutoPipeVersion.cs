using System.Reflection;

namespace AutoPipe.Core.Calculators;

/// <summary>The version of AutoPipe itself, as its assembly carries it (for provenance).</summary>
public static class AutoPipeVersion
{
    /// <summary>The informational version (e.g. <c>1.0.0+commit</c>), or the assembly version.</summary>
    public static string Current { get; } =
        typeof(AutoPipeVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AutoPipeVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
