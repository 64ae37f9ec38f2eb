namespace AutoPipe.Worker.Activities;

/// <summary>Settings of a compute worker's <see cref="CalculationActivities"/>.</summary>
public sealed class CalculationActivityOptions
{
    /// <summary>Default of <see cref="HeartbeatInterval"/>.</summary>
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Folder under which each attempt gets its own scratch folder (<c>&lt;campaign&gt;/&lt;job&gt;/attempt-&lt;k&gt;</c>).
    /// Local to the worker: compute workers share no disk. Default: the system's temp folder.
    /// </summary>
    public string ScratchDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "autopipe");

    /// <summary>
    /// How often a running attempt heartbeats even without progress from the calculator (the SDK throttles
    /// heartbeats to a fraction of the heartbeat timeout anyway). Must be well below the workflow's heartbeat timeout.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = DefaultHeartbeatInterval;

    /// <summary>
    /// This worker's name in attempt records and refusals: by default Temporal's own client identity format,
    /// <c>pid@host</c>, so it matches what the Temporal UI shows.
    /// </summary>
    public string WorkerName { get; set; } = $"{Environment.ProcessId}@{Environment.MachineName}";

    /// <summary>Whether an attempt's scratch folder is deleted once it succeeded. Default true.</summary>
    public bool DeleteScratchOnSuccess { get; set; } = true;
}
