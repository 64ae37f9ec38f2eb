namespace AutoPipe.Core.Workspace;

/// <summary>The files of a campaign's working directory (see ARCHITECTURE.md, "The working directory").</summary>
/// <param name="Root">The directory itself (absolute).</param>
public sealed record Workdir(string Root)
{
    /// <summary>Frozen copy of the spec with every job id resolved.</summary>
    public string CampaignJson => Path.Combine(Root, "campaign.json");

    /// <summary>Projection of the journal: pending, completed and failed job ids.</summary>
    public string CheckpointJson => Path.Combine(Root, "checkpoint.json");

    /// <summary>The ASE database of results.</summary>
    public string ResultsDb => Path.Combine(Root, "results.db");

    /// <summary>The embedded runtime's journal.</summary>
    public string StateDb => Path.Combine(Root, "state.db");

    /// <summary>The log file.</summary>
    public string Log => Path.Combine(Root, "autopipe.log");

    /// <summary>Live status of the running manager (in-flight calculations), rewritten every second or so.</summary>
    public string StatusJson => Path.Combine(Root, "status.json");

    /// <summary>The lock that lets one manager at a time own the directory.</summary>
    public string LockFile => Path.Combine(Root, ".autopipe.lock");

    /// <summary>The folder of attempt <paramref name="attempt"/> of <paramref name="jobId"/>.</summary>
    public string AttemptDirectory(string jobId, int attempt) => Path.Combine(Root, "jobs", jobId, $"attempt-{attempt}");

    /// <summary>Creates a workdir for <paramref name="path"/>, made absolute.</summary>
    public static Workdir For(string path) => new(Path.GetFullPath(path));
}
