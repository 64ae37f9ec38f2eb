namespace AutoPipe.Core.Storage;

/// <summary>What a journal holds, or what changed in it, as one consistent read.</summary>
/// <param name="Attempts">Attempts in the order they ended (their ids increasing).</param>
/// <param name="Jobs">The current record of each job those attempts belong to, by sequence.</param>
public sealed record JournalChanges(IReadOnlyList<FollowedAttempt> Attempts, IReadOnlyDictionary<int, JobRecord> Jobs)
{
    /// <summary>The id of the last attempt read, or <paramref name="previous"/> when none was.</summary>
    public long LastId(long previous) => Attempts.Count == 0 ? previous : Attempts[^1].Id;
}
