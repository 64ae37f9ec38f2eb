namespace AutoPipe.Tests.Shared;

/// <summary>A test that needs the Temporal server at TEMPORAL_ADDRESS: skipped without one, the reason printed.</summary>
public sealed class TemporalFactAttribute : FactAttribute
{
    public TemporalFactAttribute()
    {
        Skip = TemporalServer.Missing;
    }
}
