using System.Collections.Immutable;
using AutoPipe.Core.Calculators.Espresso;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Executors;
using AutoPipe.Core.Executors.Slurm;
using AutoPipe.Core.Input;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Calculators;

/// <summary>
/// The calculator plug-ins a process knows, by kind: how to build a calculator from its spec (the embedded runtime's
/// slots, a Temporal worker's activities), and the pure correction policy the embedded runtime applies after its
/// classified failures. <see cref="Default"/> knows the mock and espresso, whose policies are
/// <see cref="BuiltInCorrectionPolicies"/>; further kinds may be registered at start-up. The Temporal workflow never
/// reads this registry: it decides with <see cref="BuiltInCorrectionPolicies"/>, the same on every worker.
/// </summary>
public sealed class CalculatorPlugins
{
    private ImmutableDictionary<string, Plugin> plugins = ImmutableDictionary<string, Plugin>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>The process-wide plug-ins: the embedded runtime's by default, and a Temporal worker's calculators.</summary>
    public static CalculatorPlugins Default { get; } = CreateWithBuiltIns();

    /// <summary>The known kinds, sorted.</summary>
    public IReadOnlyList<string> Kinds => plugins.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>A set with the built-in plug-ins (the mock and Quantum ESPRESSO), as the embedded runtime has them.</summary>
    public static CalculatorPlugins CreateWithBuiltIns()
    {
        var result = new CalculatorPlugins();
        result.Register(MockCalculatorSpec.KindName, (spec, time, executor) => new MockCalculator(As<MockCalculatorSpec>(spec), time, executor), timeout => BuiltInCorrectionPolicies.For(MockCalculatorSpec.KindName, timeout));
        result.Register(
            EspressoCalculatorSpec.KindName,
            (spec, time, executor) => new EspressoCalculator(As<EspressoCalculatorSpec>(spec), time, executor),
            timeout => BuiltInCorrectionPolicies.For(EspressoCalculatorSpec.KindName, timeout));
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
        ArgumentNullException.ThrowIfNull(create);
        Register(kind, (spec, time, _) => create(spec, time), corrections);
    }

    /// <summary>
    /// Adds or replaces the plug-in of <paramref name="kind"/> whose calculators run their commands through the
    /// executor they are given (null: local child processes); its policy depends on the attempt's time limit.
    /// </summary>
    public void Register(string kind, Func<CalculatorSpec, TimeProvider, ICommandExecutor?, ICalculator> create, Func<double?, ICorrectionPolicy> corrections)
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

    /// <summary>The correction policy of <paramref name="spec"/>'s calculator (with its time limit, for espresso).</summary>
    public ICorrectionPolicy CorrectionPolicyFor(CalculatorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return CorrectionPolicyFor(spec.Kind, (spec as EspressoCalculatorSpec)?.TimeoutSeconds);
    }

    /// <summary>
    /// The correction policy of <paramref name="spec"/>'s calculator under its executor: on Slurm the attempt's time
    /// limit is the shorter of the calculator's <c>timeoutSeconds</c> and the executor's <c>timeLimit</c>, so pw.x's
    /// TIMEOUT is corrected with <c>max_seconds</c> below the limit Slurm enforces.
    /// </summary>
    public ICorrectionPolicy CorrectionPolicyFor(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var timeout = (spec.Calculator as EspressoCalculatorSpec)?.TimeoutSeconds;
        if (timeout != null && spec.Executor is SlurmExecutorSpec slurm && SlurmTime.ToSeconds(slurm.TimeLimit) is double limit && limit < timeout)
        {
            timeout = limit;
        }

        return CorrectionPolicyFor(spec.Calculator.Kind, timeout);
    }

    /// <summary>Builds the calculator of <paramref name="spec"/>; an <see cref="InputException"/> for a kind without a plug-in.</summary>
    public ICalculator Create(CalculatorSpec spec, TimeProvider time) => Create(spec, time, null);

    /// <summary>
    /// Builds the calculator of <paramref name="spec"/>, its commands run by <paramref name="executor"/> (null: local);
    /// an <see cref="InputException"/> for a kind without a plug-in.
    /// </summary>
    public ICalculator Create(CalculatorSpec spec, TimeProvider time, ICommandExecutor? executor)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return plugins.TryGetValue(spec.Kind, out var plugin)
            ? plugin.Create(spec, time, executor)
            : throw new InputException($"calculator.kind: the {spec.Kind} calculator is not available in this build (known: {string.Join(", ", Kinds)})");
    }

    private static T As<T>(CalculatorSpec spec)
        where T : CalculatorSpec =>
        spec as T ?? throw new ArgumentException($"a {spec.Kind} calculator needs a {typeof(T).Name}", nameof(spec));

    private sealed record Plugin(Func<CalculatorSpec, TimeProvider, ICommandExecutor?, ICalculator> Create, Func<double?, ICorrectionPolicy> Corrections);
}
