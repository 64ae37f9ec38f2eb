using AutoPipe.Core.Input;
using AutoPipe.Core.Spec;

namespace AutoPipe.Worker.Calculators;

/// <summary>
/// A worker's allow-list: the only calculators (and so the only command lines) it runs, by name. Workflows name a
/// calculator; they never describe one.
/// </summary>
public sealed class CalculatorRegistry
{
    private readonly IReadOnlyDictionary<string, RegisteredCalculator> calculators;

    /// <summary>Creates the registry from calculators already built.</summary>
    public CalculatorRegistry(IEnumerable<RegisteredCalculator> calculators)
    {
        ArgumentNullException.ThrowIfNull(calculators);
        this.calculators = calculators.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>The allowed names, sorted.</summary>
    public IReadOnlyList<string> Names => calculators.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Builds every calculator of <paramref name="specs"/> with <paramref name="plugins"/>; reports every kind
    /// without a plug-in at once.
    /// </summary>
    public static CalculatorRegistry Create(IReadOnlyDictionary<string, CalculatorSpec> specs, CalculatorPlugins plugins, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(plugins);
        var problems = specs
            .Where(pair => !plugins.IsKnown(pair.Value.Kind))
            .Select(pair => $"calculators.{pair.Key}: this worker has no plug-in for kind '{pair.Value.Kind}' (known: {string.Join(", ", plugins.Kinds)})")
            .ToList();
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        return new CalculatorRegistry(specs.Select(pair => plugins.Create(pair.Key, pair.Value, time)));
    }

    /// <summary>Looks up an allowed calculator.</summary>
    public bool TryGet(string name, out RegisteredCalculator calculator) => calculators.TryGetValue(name, out calculator!);
}
