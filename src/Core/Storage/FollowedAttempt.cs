namespace AutoPipe.Core.Storage;

/// <summary>An attempt of the journal with its row id (ids grow as attempts end: the cursor of a follower).</summary>
/// <param name="Id">The attempts table's row id.</param>
/// <param name="Attempt">The attempt.</param>
public sealed record FollowedAttempt(long Id, AttemptRecord Attempt);
