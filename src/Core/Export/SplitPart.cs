namespace AutoPipe.Core.Export;

/// <summary>One part of a split: its name (in the file name) and its share of the rows.</summary>
/// <param name="Name">The part's name, e.g. <c>train</c>.</param>
/// <param name="Fraction">Its share, in (0, 1]; the shares of a split add up to 1.</param>
public sealed record SplitPart(string Name, double Fraction);
