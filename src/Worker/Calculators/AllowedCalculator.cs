using System.Collections.Immutable;
using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Worker.Calculators;

/// <summary>
/// One entry of a worker's allow-list: a name workflows use, the plug-in kind, and how to build the calculator for a
/// campaign's settings (validated against what the worker grants).
/// </summary>
public sealed class AllowedCalculator
{
    private static readonly IReadOnlyDictionary<string, JsonNode> NoParameters = ImmutableDictionary<string, JsonNode>.Empty;

    private readonly Func<JsonObject?, string, ResolvedCalculator> resolve;

    /// <summary>Creates an entry whose calculator <paramref name="resolve"/> builds from (campaign settings, worker name).</summary>
    public AllowedCalculator(string name, string kind, Func<JsonObject?, string, ResolvedCalculator> resolve)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(resolve);
        Name = name;
        Kind = kind;
        this.resolve = resolve;
    }

    /// <summary>The name in the allow-list.</summary>
    public string Name { get; }

    /// <summary>The plug-in kind: selects the correction policy.</summary>
    public string Kind { get; }

    /// <summary>
    /// The entry of <paramref name="grant"/>: the campaign's settings plus what the worker grants, read by the
    /// campaign spec's rules (<see cref="CampaignCalculatorSettings"/>) and built by <paramref name="plugins"/>.
    /// </summary>
    public static AllowedCalculator FromGrant(string name, CalculatorGrant grant, CalculatorPlugins plugins, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(plugins);
        return new AllowedCalculator(name, grant.Kind, (settings, worker) =>
        {
            var spec = CampaignCalculatorSettings.Resolve(name, grant, settings, worker);
            return new ResolvedCalculator(plugins.Create(spec, time), Core.Runtime.JobParameters.Defaults(spec), (spec as Core.Spec.EspressoCalculatorSpec)?.TimeoutSeconds);
        });
    }

    /// <summary>An entry that runs <paramref name="calculator"/> whatever the campaign's settings (embedding, tests).</summary>
    public static AllowedCalculator Fixed(string name, string kind, ICalculator calculator, IReadOnlyDictionary<string, JsonNode>? baseParameters = null, double? timeoutSeconds = null)
    {
        var resolved = new ResolvedCalculator(calculator, baseParameters ?? NoParameters, timeoutSeconds);
        return new AllowedCalculator(name, kind, (_, _) => resolved);
    }

    /// <summary>
    /// The calculator for <paramref name="settings"/> (the campaign's calculator object; null for the kind's
    /// defaults). Throws <see cref="Core.Input.InputException"/> naming every refused field and <paramref name="worker"/>.
    /// </summary>
    public ResolvedCalculator Resolve(JsonObject? settings, string worker) => resolve(settings, worker);
}
