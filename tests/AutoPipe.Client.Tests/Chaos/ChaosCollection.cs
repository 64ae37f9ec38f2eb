namespace AutoPipe.Client.Tests.Chaos;

/// <summary>The chaos tests share one reference run and run one after another (each starts and kills processes).</summary>
[CollectionDefinition(Name)]
public sealed class ChaosCollection : ICollectionFixture<ReferenceRun>
{
    public const string Name = "chaos";
}
