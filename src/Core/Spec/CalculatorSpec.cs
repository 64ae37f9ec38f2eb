namespace AutoPipe.Core.Spec;

/// <summary>The calculator a campaign runs; <see cref="Kind"/> selects the plug-in.</summary>
public abstract record CalculatorSpec
{
    /// <summary>The plug-in name as written in the spec (<c>mock</c>, <c>espresso</c>).</summary>
    public abstract string Kind { get; }
}
