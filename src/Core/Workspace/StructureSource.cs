using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Workspace;

/// <summary>
/// Hands worker slots their structures: generated ones for <c>jobs.count</c> campaigns, frozen ones from the
/// journal otherwise, through a reader connection of its own (SQLite connections are not shared across threads).
/// </summary>
internal sealed class StructureSource : IDisposable
{
    private readonly CampaignJournal? reader;
    private readonly Lock gate = new();

    public StructureSource(Workdir workdir, bool generated)
    {
        reader = generated ? null : CampaignJournal.OpenExisting(workdir.StateDb);
    }

    public Structure Get(int sequence)
    {
        if (reader == null)
        {
            return MockStructures.ForJob(sequence);
        }

        lock (gate)
        {
            return reader.LoadStructure(sequence) ?? throw new InvalidOperationException($"journal holds no structure for job {sequence}");
        }
    }

    public void Dispose() => reader?.Dispose();
}
