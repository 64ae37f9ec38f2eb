using System.Text.Json.Nodes;

namespace AutoPipe.Core.Spec;

/// <summary>
/// Quantum ESPRESSO pw.x. <paramref name="Parameters"/> are flat pw.x keywords (placed into their namelists the way
/// ASE's espresso writer does), <paramref name="PseudoDir"/> is absolute once the spec is read.
/// </summary>
/// <param name="Command">The command line, e.g. <c>pw.x</c> or <c>mpirun -np 2 pw.x</c>.</param>
/// <param name="PseudoDir">Folder of the pseudopotential files (absolute).</param>
/// <param name="Pseudopotentials">Element symbol to file name inside <paramref name="PseudoDir"/>.</param>
/// <param name="Parameters">pw.x keywords and values (numbers, strings, booleans).</param>
/// <param name="Kpts">Monkhorst-Pack grid, or null for the Gamma point only.</param>
/// <param name="TimeoutSeconds">Wall-clock limit of one attempt.</param>
public sealed record EspressoCalculatorSpec(
    string Command,
    string PseudoDir,
    IReadOnlyDictionary<string, string> Pseudopotentials,
    IReadOnlyDictionary<string, JsonNode> Parameters,
    int[]? Kpts,
    double TimeoutSeconds) : CalculatorSpec
{
    /// <summary>The spec's name of this plug-in.</summary>
    public const string KindName = "espresso";

    /// <summary>Default of <see cref="TimeoutSeconds"/>: one day.</summary>
    public const double DefaultTimeoutSeconds = 86400;

    /// <inheritdoc/>
    public override string Kind => KindName;
}
