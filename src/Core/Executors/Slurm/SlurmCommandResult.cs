namespace AutoPipe.Core.Executors.Slurm;

/// <summary>How a Slurm tool ended and what it printed.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Stdout">Its standard output.</param>
/// <param name="Stderr">Its standard error.</param>
public sealed record SlurmCommandResult(int ExitCode, string Stdout, string Stderr);
