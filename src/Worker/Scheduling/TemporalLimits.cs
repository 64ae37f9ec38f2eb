namespace AutoPipe.Worker.Scheduling;

/// <summary>Temporal's default limits that a campaign's design must stay under.</summary>
public static class TemporalLimits
{
    /// <summary>Largest payload (one activity input or result, one workflow input).</summary>
    public const long PayloadBytes = 2L * 1024 * 1024;

    /// <summary>Payload size at which the SDK warns.</summary>
    public const long PayloadWarningBytes = 512L * 1024;

    /// <summary>Largest history transaction (one workflow task completion with all its commands).</summary>
    public const long TransactionBytes = 4L * 1024 * 1024;

    /// <summary>Most incomplete activities of one workflow run.</summary>
    public const int PendingActivities = 2_000;

    /// <summary>Most events in one run's history.</summary>
    public const int HistoryEvents = 51_200;

    /// <summary>Largest history of one run.</summary>
    public const long HistoryBytes = 50L * 1024 * 1024;
}
