namespace AutoPipe.Client.Tests.Support;

/// <summary>Tests that measure time or race processes run alone, not beside other tests on this 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}
