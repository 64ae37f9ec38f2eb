using AutoPipe.Core.Calculators;

namespace AutoPipe.Core.Executors;

/// <summary>
/// Runs the command as a child process in its own process group that dies with the manager, and kills its whole
/// tree on timeout or cancellation (see <see cref="ChildProcessRunner"/>).
/// </summary>
public sealed class LocalExecutor : ICommandExecutor
{
    private readonly TimeProvider time;

    /// <summary>Creates the executor; <paramref name="time"/> drives the time limit.</summary>
    public LocalExecutor(TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public bool IsSubmitted(string jobId, int attempt) => false;

    /// <inheritdoc/>
    public string? HostOf(string attemptDirectory) => LocalHost.Name;

    /// <inheritdoc/>
    public Task<int?> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ChildProcessRunner.RunAsync(request.Command, request.WorkingDirectory, request.StdoutPath, request.StderrPath, request.Timeout, time, cancellationToken);
    }
}
