namespace AutoPipe.Core.Storage;

/// <summary>A journal's totals, read once when a follower starts (see <see cref="JournalFollower.ReadSummary"/>).</summary>
/// <param name="SpecJson">The frozen spec.</param>
/// <param name="Total">Jobs in all.</param>
/// <param name="Completed">Jobs completed.</param>
/// <param name="Failed">Jobs failed for good.</param>
/// <param name="Attempts">Attempts recorded.</param>
/// <param name="AttemptSeconds">Their wall time added up, in seconds.</param>
/// <param name="Latest">The latest attempts (at most as many as asked) with their jobs.</param>
public sealed record JournalSummary(string SpecJson, int Total, int Completed, int Failed, long Attempts, double AttemptSeconds, JournalChanges Latest);
