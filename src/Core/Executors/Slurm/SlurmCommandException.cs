namespace AutoPipe.Core.Executors.Slurm;

/// <summary>A Slurm tool could not be run, did not answer, or refused the request.</summary>
public sealed class SlurmCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SlurmCommandException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public SlurmCommandException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SlurmCommandException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
