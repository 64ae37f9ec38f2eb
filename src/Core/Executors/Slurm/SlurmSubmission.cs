namespace AutoPipe.Core.Executors.Slurm;

/// <summary>One attempt handed to Slurm, as the journal recorded it.</summary>
/// <param name="JobId">The campaign's job id.</param>
/// <param name="Attempt">The attempt number.</param>
/// <param name="SlurmJobId">The id sbatch returned (or the queue showed, for a job adopted by name).</param>
/// <param name="JobName">The Slurm job name.</param>
/// <param name="SubmittedAt">When it was recorded.</param>
/// <param name="How">"submitted", or "adopted by name" for a job sbatch accepted just before the manager died.</param>
/// <param name="CancelledByAutoPipe">Whether <c>autopipe cancel</c> cancelled it (the next run submits the attempt afresh).</param>
public sealed record SlurmSubmission(string JobId, int Attempt, string SlurmJobId, string JobName, DateTimeOffset SubmittedAt, string How, bool CancelledByAutoPipe);
