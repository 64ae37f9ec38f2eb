namespace AutoPipe.Client;

/// <summary>
/// The exit codes scripts can rely on (also listed in every command's --help and the README). <see cref="Failures"/>
/// is the one place where an exception becomes one of them.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Every job completed (or, for the other commands, the command did what it was asked).</summary>
    public const int Success = 0;

    /// <summary>The campaign finished, but some jobs failed for good (see failed_job_ids); or a demo's claim did not hold.</summary>
    public const int PermanentFailures = 1;

    /// <summary>Invalid input: spec, structures, options, or a spec that differs from the one frozen in the directory. Nothing was written.</summary>
    public const int InvalidInput = 2;

    /// <summary>
    /// Something the command needs is not there, though nothing is wrong with the input: the working directory (another
    /// run holds it, or it cannot be read or written) or the Temporal server (it cannot be reached). Run again once it is.
    /// One code for both, as the worker has (a pilot job's script treats them alike): the message says which.
    /// </summary>
    public const int Unavailable = 3;

    /// <summary>Stopped by Ctrl+C or SIGTERM before the campaign finished; run again to resume.</summary>
    public const int Interrupted = 130;

    /// <summary>An unexpected error inside AutoPipe (a bug: please report it with DIR/autopipe.log).</summary>
    public const int InternalError = 70;

    /// <summary>The text for --help.</summary>
    public const string Help = """
        Exit codes:
          0    success (run: every job completed)
          1    finished, but some jobs failed for good (listed in checkpoint.json failed_job_ids); demo: its claim did not hold
          2    invalid input (spec, structures, options, or a different spec on an existing --workdir); nothing written
          3    unavailable: the working directory is held by another run or cannot be read or written, or the Temporal
               server cannot be reached; nothing wrong with the input, run again once it is there
          70   internal error (a bug; the log says where); committed work is safe, run again to resume
          130  stopped by Ctrl+C / SIGTERM; run the same command again to resume
        """;
}
