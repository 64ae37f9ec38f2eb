using AutoPipe.Core.Calculators;

namespace AutoPipe.Core.Executors;

/// <summary>One command of one attempt.</summary>
/// <param name="JobId">The job's stable id.</param>
/// <param name="Attempt">1-based attempt number.</param>
/// <param name="Command">The program (resolved to a path) and its arguments.</param>
/// <param name="WorkingDirectory">The attempt folder; the command runs there.</param>
/// <param name="StdoutPath">Where its standard output goes.</param>
/// <param name="StderrPath">Where its standard error goes.</param>
/// <param name="Timeout">The calculator's time limit (the local executor enforces it; Slurm enforces its own <c>timeLimit</c>).</param>
/// <param name="Progress">Receives where the command is (queued, running on which node), or null.</param>
public sealed record CommandRequest(
    string JobId,
    int Attempt,
    IReadOnlyList<string> Command,
    string WorkingDirectory,
    string StdoutPath,
    string StderrPath,
    TimeSpan Timeout,
    IProgress<CalculationProgress>? Progress);
