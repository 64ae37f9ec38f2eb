namespace AutoPipe.Client.Demos;

/// <summary>
/// A demo's claim does not hold and the demo cannot go on (a child process it needs exited, a deadline passed): the
/// command line prints <c>CLAIM FAILED: message</c> and exits 1 (<see cref="Failures"/>).
/// </summary>
internal sealed class ClaimFailedException : Exception
{
    public ClaimFailedException()
    {
    }

    public ClaimFailedException(string message)
        : base(message)
    {
    }

    public ClaimFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
