namespace AutoPipe.Client.Report;

/// <summary>How an attempt ended, as the report colours it.</summary>
internal enum AttemptOutcome
{
    /// <summary>It produced the job's result.</summary>
    Completed,

    /// <summary>It failed and the job was tried again.</summary>
    Retried,

    /// <summary>It failed and was the job's last attempt: the job failed for good.</summary>
    GaveUp,

    /// <summary>Its manager stopped (killed, Ctrl+C) before it ended; the job was resubmitted.</summary>
    Interrupted,
}
