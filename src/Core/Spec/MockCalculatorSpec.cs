namespace AutoPipe.Core.Spec;

/// <summary>
/// The mock calculator: sleeps <paramref name="Seconds"/>, then returns a deterministic energy, forces and stress
/// computed from the structure; fails the first K attempts of the jobs named in <paramref name="FailFirstAttempts"/>.
/// </summary>
public sealed record MockCalculatorSpec(double Seconds, IReadOnlyDictionary<string, int> FailFirstAttempts) : CalculatorSpec
{
    /// <summary>The spec's name of this plug-in.</summary>
    public const string KindName = "mock";

    /// <inheritdoc/>
    public override string Kind => KindName;
}
