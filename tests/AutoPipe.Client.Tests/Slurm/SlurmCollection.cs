namespace AutoPipe.Client.Tests.Slurm;

/// <summary>The Slurm tests share one small cluster: they run one at a time, and alone, so none waits on another's jobs.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SlurmCollection
{
    public const string Name = "slurm";
}
