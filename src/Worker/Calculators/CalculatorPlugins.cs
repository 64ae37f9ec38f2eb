using System.Collections.Immutable;
using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Espresso;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Spec;

namespace AutoPipe.Worker.Calculators;

/// <summary>
/// The calculator plug-ins a process knows, by kind: how to build a calculator from its spec, and the pure
/// correction policy the workflow applies after its classified failures. <see cref="Default"/> knows the mock and
/// espresso; further kinds are registered at start-up, before any worker runs, and identically on every worker:
/// the workflow's retry decisions depend on the policy, so a worker without the plug-in fails the workflow task
/// (Temporal retries it) instead of deciding differently.
/// </summary>
public sealed class CalculatorPlugins
{
    private ImmutableDictionary<string, Plugin> plugins = ImmutableDictionary<string, Plugin>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The process-wide plug-ins, read by workflows (which get no dependency injection).</summary>
    public static CalculatorPlugins Default { get; } = CreateWithBuiltIns();

    /// <summary>The known kinds, sorted.</summary>
    public IReadOnlyList<string> Kinds => plugins.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>A set with the built-in plug-ins (the mock and Quantum ESPRESSO), as the embedded runtime has them.</summary>
    public static CalculatorPlugins CreateWithBuiltIns()
    {
        var result = new CalculatorPlugins();
        // Built by Core's own factory, so both runtimes construct a calculator the same way.
        result.Register(MockCalculatorSpec.KindName, Core.Runtime.CalculatorRegistry.Create, NoCorrections.Instance);
        result.Register(
            EspressoCalculatorSpec.KindName,
            Core.Runtime.CalculatorRegistry.Create,
            timeout => new EspressoCorrectionPolicy(timeout ?? EspressoCalculatorSpec.DefaultTimeoutSeconds));
        return result;
    }

    /// <summary>Adds or replaces the plug-in of <paramref name="kind"/>, whose policy needs no settings.</summary>
    public void Register(string kind, Func<CalculatorSpec, TimeProvider, ICalculator> create, ICorrectionPolicy corrections)
    {
        ArgumentNullException.ThrowIfNull(corrections);
        Register(kind, create, _ => corrections);
    }

    /// <summary>Adds or replaces the plug-in of <paramref name="kind"/>; its policy depends on the attempt's time limit.</summary>
    public void Register(string kind, Func<CalculatorSpec, TimeProvider, ICalculator> create, Func<double?, ICorrectionPolicy> corrections)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(corrections);
        ImmutableInterlocked.Update(ref plugins, p => p.SetItem(kind, new Plugin(create, corrections)));
    }

    /// <summary>True when <paramref name="kind"/> has a plug-in.</summary>
    public bool IsKnown(string kind) => plugins.ContainsKey(kind);

    /// <summary>
    /// The correction policy of <paramref name="kind"/>. Throws <see cref="InvalidOperationException"/> for an unknown
    /// kind: inside a workflow that fails the workflow task, which Temporal retries, possibly on a worker that knows it.
    /// </summary>
    public ICorrectionPolicy CorrectionPolicyFor(string kind, double? timeoutSeconds = null) =>
        plugins.TryGetValue(kind, out var plugin)
            ? plugin.Corrections(timeoutSeconds)
            : throw new InvalidOperationException($"no calculator plug-in of kind '{kind}' is registered in this worker (known: {string.Join(", ", Kinds)})");

    /// <summary>Builds the calculator of <paramref name="spec"/>.</summary>
    public ResolvedCalculator Create(CalculatorSpec spec, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!plugins.TryGetValue(spec.Kind, out var plugin))
        {
            throw new InvalidOperationException($"no calculator plug-in of kind '{spec.Kind}' is registered in this worker (known: {string.Join(", ", Kinds)})");
        }

        IReadOnlyDictionary<string, JsonNode> baseParameters = spec is EspressoCalculatorSpec espresso
            ? espresso.Parameters
            : ImmutableDictionary<string, JsonNode>.Empty;
        return new ResolvedCalculator(plugin.Create(spec, time), baseParameters, (spec as EspressoCalculatorSpec)?.TimeoutSeconds);
    }

    private sealed record Plugin(Func<CalculatorSpec, TimeProvider, ICalculator> Create, Func<double?, ICorrectionPolicy> Corrections);
}
