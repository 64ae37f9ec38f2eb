namespace AutoPipe.Tests.Shared;

/// <summary>A theory that needs the Temporal server at TEMPORAL_ADDRESS: skipped without one, the reason printed.</summary>
public sealed class TemporalTheoryAttribute : TheoryAttribute
{
    public TemporalTheoryAttribute()
    {
        Skip = TemporalServer.Missing;
    }
}
