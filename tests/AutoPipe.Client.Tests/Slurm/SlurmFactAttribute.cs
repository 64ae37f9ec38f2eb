namespace AutoPipe.Client.Tests.Slurm;

/// <summary>
/// A test that needs the live Slurm cluster (<see cref="SlurmCluster"/>), and with <see cref="WithTemporal"/> the
/// Temporal server too: skipped without them, the reason printed.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute(bool withTemporal = false)
    {
        WithTemporal = withTemporal;
        Skip = SlurmCluster.Missing ?? (withTemporal ? TemporalServer.Missing : null);
    }

    /// <summary>Whether the test also needs the Temporal server at TEMPORAL_ADDRESS.</summary>
    public bool WithTemporal { get; }
}
