namespace AutoPipe.Client;

/// <summary>The exit codes scripts can rely on (also listed in --help and the README).</summary>
internal static class ExitCodes
{
    /// <summary>Every job completed (or, for status and results, the command worked).</summary>
    public const int Success = 0;

    /// <summary>The campaign finished, but some jobs failed for good (see failed_job_ids); or a demo's claim did not hold.</summary>
    public const int PermanentFailures = 1;

    /// <summary>Invalid input: spec, structures, options, or a spec that differs from the one frozen in the directory. Nothing was written.</summary>
    public const int InvalidInput = 2;

    /// <summary>The working directory cannot be used: another run holds it, or it cannot be written.</summary>
    public const int WorkdirUnavailable = 3;

    /// <summary>Stopped by Ctrl+C or SIGTERM before the campaign finished; run again to resume.</summary>
    public const int Interrupted = 130;

    /// <summary>An unexpected error inside AutoPipe (a bug: please report it with DIR/autopipe.log).</summary>
    public const int InternalError = 70;

    /// <summary>The text for --help.</summary>
    public const string Help = """
        Exit codes:
          0    every job completed
          1    finished, but some jobs failed for good (listed in checkpoint.json failed_job_ids)
          2    invalid input (spec, structures, options, or a different spec on an existing --workdir); nothing written
          3    the working directory is held by another run, or cannot be written
          70   internal error (a bug; the log says where); committed work is safe, run again to resume
          130  stopped by Ctrl+C / SIGTERM; run the same command again to resume
        """;
}
