namespace AutoPipe.Core.Workspace;

/// <summary>Another manager owns the working directory (or it cannot be used at all); the CLI exits with 3.</summary>
public sealed class WorkdirBusyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkdirBusyException(string message)
        : base(message)
    {
    }
}
