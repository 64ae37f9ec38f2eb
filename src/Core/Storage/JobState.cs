namespace AutoPipe.Core.Storage;

/// <summary>Where a job stands. Stored as its number: do not renumber.</summary>
public enum JobState
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending = 0,

    /// <summary>An attempt was running when this was last recorded.</summary>
    Running = 1,

    /// <summary>Finished with a result in results.db.</summary>
    Completed = 2,

    /// <summary>Finished without a result: attempts exhausted, bad input, or nothing left to correct.</summary>
    Failed = 3,
}
