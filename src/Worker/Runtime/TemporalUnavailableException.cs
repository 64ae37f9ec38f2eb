namespace AutoPipe.Worker.Runtime;

/// <summary>
/// The Temporal server cannot be reached (<see cref="TemporalConnector"/> says where it looked and what to
/// check); the CLI and the worker exit with 3.
/// </summary>
public sealed class TemporalUnavailableException : Exception
{
    /// <summary>Creates the exception with what was tried and why it failed.</summary>
    public TemporalUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
