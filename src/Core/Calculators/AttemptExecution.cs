namespace AutoPipe.Core.Calculators;

/// <summary>Where and when one attempt ran: the lane it takes in a report's task stream.</summary>
/// <param name="Worker">The worker process (its Temporal identity, <c>pid@host</c>).</param>
/// <param name="Slot">The slot within that worker (1-based), one per calculation it runs at once.</param>
/// <param name="StartedAt">When the calculator started.</param>
/// <param name="EndedAt">When it ended.</param>
public sealed record AttemptExecution(string Worker, int Slot, DateTimeOffset StartedAt, DateTimeOffset EndedAt);
