using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Chaos;

/// <summary>The chaos campaign run once, from start to end, uninterrupted: the energies every chaos test must reproduce exactly.</summary>
public sealed class ReferenceRun : IDisposable
{
    private readonly TempDir dir = new();

    public ReferenceRun()
    {
        var workdir = Path.Combine(dir.Path, "work");
        var (exit, stdout, stderr) = Cli.Run(120, "run", ChaosCampaign.Spec(dir), "--workdir", workdir, "--quiet");
        Assert.True(exit == 0, stdout + stderr);
        Energies = ChaosCampaign.Energies(workdir);
        Assert.Equal(ChaosCampaign.Jobs, Energies.Count);
    }

    public IReadOnlyDictionary<string, double> Energies { get; }

    public void Dispose() => dir.Dispose();
}
