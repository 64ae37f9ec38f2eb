using AutoPipe.Client.Commands;
using AutoPipe.Client.Dashboard;
using AutoPipe.Client.Demos;
using AutoPipe.Core.Input;
using AutoPipe.Core.Workspace;
using AutoPipe.Worker.Runtime;

namespace AutoPipe.Client;

/// <summary>
/// The one place where a failure becomes an exit code and the words that say why. Commands throw what went wrong
/// (classified where it happened: an <see cref="InputException"/> with every problem, a
/// <see cref="WorkdirUnavailableException"/> naming the file); Program reports it here, around the invocation.
/// </summary>
internal static class Failures
{
    /// <summary>
    /// The key of <see cref="Exception.Data"/> under which a command that has written a failure in full to its log file
    /// (run: DIR/autopipe.log) leaves that file's path: an internal error then points there instead of printing its stack.
    /// </summary>
    public const string LogKey = "AutoPipe.Log";

    /// <summary>Says why on <paramref name="error"/> (a demo's failed claim on <paramref name="output"/>) and returns the exit code.</summary>
    /// <param name="failure">What the command threw.</param>
    /// <param name="stopping">Whether Ctrl+C or SIGTERM asked the command to stop (only then is a cancellation an interruption).</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    public static int Report(Exception failure, bool stopping, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        switch (failure)
        {
            case InputException input:
                foreach (var problem in input.Problems)
                {
                    error.WriteLine($"error: {problem}");
                }

                return ExitCodes.InvalidInput;
            case DashboardAddressException:
                error.WriteLine($"error: {failure.Message}");
                return ExitCodes.InvalidInput;
            case WorkdirBusyException or WorkdirUnavailableException or TemporalUnavailableException:
                error.WriteLine($"error: {failure.Message}");
                return ExitCodes.Unavailable;
            case var storage when WorkdirUnavailableException.IsStorageFailure(storage):
                // Not classified by the command: still the disk's refusal, not a bug.
                error.WriteLine($"error: {failure.Message}");
                return ExitCodes.Unavailable;
            case ClaimFailedException:
                output.WriteLine($"CLAIM FAILED: {failure.Message}");
                return ExitCodes.PermanentFailures;
            case OperationCanceledException when stopping:
                return ExitCodes.Interrupted;
            default:
                error.WriteLine(failure.Data[LogKey] is string log
                    ? $"error: internal error, a bug in AutoPipe (please report it with {log}, which has the details): {failure.GetType().Name}: {failure.Message}. " +
                      "Everything committed so far is safe; run the same command again to resume."
                    : $"error: internal error, a bug in AutoPipe (please report it with what follows): {failure}");
                return ExitCodes.InternalError;
        }
    }
}
