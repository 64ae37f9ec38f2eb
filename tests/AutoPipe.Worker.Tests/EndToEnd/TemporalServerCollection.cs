namespace AutoPipe.Worker.Tests.EndToEnd;

/// <summary>The xunit collection of tests sharing <see cref="TemporalServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class TemporalServerCollection : ICollectionFixture<TemporalServerFixture>
{
    public const string Name = "temporal-server";
}
