namespace AutoPipe.Client.Tests.Slurm;

/// <summary>
/// The collection of <see cref="SlurmWalltimeTests"/>, parallel with the other parallel collections (unlike
/// <see cref="SlurmCollection"/>, which xUnit runs only after all of them ended).
/// </summary>
[CollectionDefinition(Name)]
public sealed class SlurmWalltimeCollection
{
    public const string Name = "slurm-walltime";
}
