using AutoPipe.Core.Calculators;
using AutoPipe.Core.Input;
using AutoPipe.Core.Spec;

namespace AutoPipe.Worker.Calculators;

/// <summary>
/// A worker's allow-list: the only calculators (and so the only command lines) it runs, by name. Workflows name an
/// entry and send the campaign's physics; they never choose a program.
/// </summary>
public sealed class CalculatorAllowList
{
    private readonly IReadOnlyDictionary<string, AllowedCalculator> calculators;

    /// <summary>Creates the allow-list from its entries.</summary>
    public CalculatorAllowList(IEnumerable<AllowedCalculator> calculators)
    {
        ArgumentNullException.ThrowIfNull(calculators);
        this.calculators = calculators.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    /// <summary>The allowed names, sorted.</summary>
    public IReadOnlyList<string> Names => calculators.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The allow-list of a worker started without one: the built-in calculators that need nothing of the machine
    /// (<c>mock</c>). <c>espresso</c> needs an entry naming the command and the pseudopotential folder.
    /// </summary>
    public static IReadOnlyDictionary<string, CalculatorGrant> BuiltInGrants { get; } =
        new Dictionary<string, CalculatorGrant>(StringComparer.Ordinal) { [MockCalculatorSpec.KindName] = new(MockCalculatorSpec.KindName) };

    /// <summary>Builds an entry per grant with <paramref name="plugins"/>; reports every kind without a plug-in at once.</summary>
    public static CalculatorAllowList Create(IReadOnlyDictionary<string, CalculatorGrant> grants, CalculatorPlugins plugins, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(grants);
        ArgumentNullException.ThrowIfNull(plugins);
        var problems = grants
            .Where(pair => !plugins.IsKnown(pair.Value.Kind))
            .Select(pair => $"calculators.{pair.Key}: this worker has no plug-in for kind '{pair.Value.Kind}' (known: {string.Join(", ", plugins.Kinds)})")
            .ToList();
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        return new CalculatorAllowList(grants.Select(pair => AllowedCalculator.FromGrant(pair.Key, pair.Value, plugins, time)));
    }

    /// <summary>Looks up an allowed calculator.</summary>
    public bool TryGet(string name, out AllowedCalculator calculator) => calculators.TryGetValue(name, out calculator!);
}
