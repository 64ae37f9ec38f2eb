namespace AutoPipe.Core.Storage;

/// <summary>A job's durable state, one row of the journal's <c>jobs</c> table (the structure aside).</summary>
public sealed class JobRecord
{
    /// <summary>1-based position in input order.</summary>
    public required int Sequence { get; init; }

    /// <summary>The stable job id.</summary>
    public required string JobId { get; init; }

    /// <summary>Current state.</summary>
    public JobState State { get; set; }

    /// <summary>Attempts that ran to an end (success or failure); interrupted ones do not count.</summary>
    public int Attempts { get; set; }

    /// <summary>Attempts cut short because the manager stopped (crash or cancellation).</summary>
    public int Interruptions { get; set; }

    /// <summary>Earliest start of the next attempt (backoff), or null.</summary>
    public DateTimeOffset? NotBefore { get; set; }

    /// <summary>Corrected calculator parameters as JSON, or null while the spec's own apply.</summary>
    public string? ParametersJson { get; set; }

    /// <summary>The corrections applied so far, in order.</summary>
    public List<string> Corrections { get; set; } = [];

    /// <summary>The failure of each failed attempt ("Kind: message"), in order.</summary>
    public List<string> Failures { get; set; } = [];

    /// <summary>The learned corrections its first attempt started with, as the log and its row say them.</summary>
    public List<string> Learned { get; set; } = [];

    /// <summary>Why the job failed for good, when <see cref="State"/> is <see cref="JobState.Failed"/>.</summary>
    public string? FailureReason { get; set; }

    /// <summary>Whether the job is finished, successfully or not.</summary>
    public bool IsTerminal => State is JobState.Completed or JobState.Failed;
}
