using AutoPipe.Core.Policy;
using AutoPipe.Core.Storage;

namespace AutoPipe.Core.Embedded;

/// <summary>An event's effect on a job, now durable, for the runtime to act on.</summary>
/// <param name="Job">The job (already updated).</param>
/// <param name="EndedAttempt">Whether an attempt ended (the job is no longer in flight).</param>
/// <param name="Decision">The retry decision after a failure, else null.</param>
/// <param name="Energy">The energy of a completed job.</param>
internal sealed record CommittedOutcome(JobRecord Job, bool EndedAttempt, RetryDecision? Decision, double? Energy);
