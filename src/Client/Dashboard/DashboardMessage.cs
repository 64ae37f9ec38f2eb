using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Dashboard;

/// <summary>
/// What the page receives (as JSON, property names in camelCase): a snapshot when it connects, then an update at every
/// look. Both carry the whole small state (counts, the calculations in flight, the histograms); the parts that grow with
/// the campaign carry, in an update, only what is new (attempts, failures), and in a snapshot, the latest of them.
/// </summary>
internal sealed record DashboardMessage
{
    public required string Kind { get; init; }

    public required string Campaign { get; init; }

    public required string Workdir { get; init; }

    public string? Calculator { get; init; }

    public string? Executor { get; init; }

    public required string Runtime { get; init; }

    public string? WorkflowId { get; init; }

    public string? TemporalUi { get; init; }

    /// <summary><c>waiting</c> (no campaign yet), <c>running</c>, <c>finished</c> (every job done) or <c>stopped</c> (pending jobs, no run).</summary>
    public required string Status { get; init; }

    public int Total { get; init; }

    public int Completed { get; init; }

    public int Failed { get; init; }

    public int Running { get; init; }

    public long Attempts { get; init; }

    public long FailedAttempts { get; init; }

    public long Corrected { get; init; }

    public long Results { get; init; }

    /// <summary>Jobs completed per second over the last minute, while running.</summary>
    public double? Rate { get; init; }

    /// <summary>Seconds to go at that rate.</summary>
    public double? Eta { get; init; }

    public double CoreHours { get; init; }

    public int CoresPerCalculation { get; init; }

    /// <summary>The server's clock, Unix milliseconds (every time here is).</summary>
    public double Now { get; init; }

    public double? StartedAt { get; init; }

    public required IReadOnlyList<string> Lanes { get; init; }

    public required IReadOnlyList<Bar> Bars { get; init; }

    public required IReadOnlyList<Calculation> InFlight { get; init; }

    public required IReadOnlyList<Failure> Failures { get; init; }

    public required Histogram EnergyPerAtom { get; init; }

    public required Histogram ForceMagnitudes { get; init; }

    public required IReadOnlyList<string> SlurmJobs { get; init; }

    /// <summary>One finished attempt in the task stream.</summary>
    internal sealed record Bar(long Id, string Job, int Attempt, string Lane, double Start, double End, AttemptVerdict Outcome, string? Kind, string? Message);

    /// <summary>A calculation running now.</summary>
    internal sealed record Calculation(
        string Job, int Attempt, int MaxAttempts, string Lane, double Start, string? Detail, string? Worker, string? SlurmJob, string? ConfigType, string? Formula,
        IReadOnlyList<double>? Scf, double? ScfTarget);

    /// <summary>A failed attempt and what came of it: <c>retried</c> unchanged, <c>corrected</c> (with the change), or <c>failed</c> for good.</summary>
    internal sealed record Failure(long Id, string Job, int Attempt, int MaxAttempts, double At, string? Kind, string Message, AttemptVerdict Outcome, string? Change, string? Reason);

    /// <summary>Equal bins from <see cref="Low"/>, each <see cref="Width"/> wide.</summary>
    internal sealed record Histogram(double Low, double Width, IReadOnlyList<long> Counts, long Count);
}
