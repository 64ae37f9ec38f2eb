namespace AutoPipe.Worker.Contracts;

/// <summary>Task queue and workflow id conventions.</summary>
public static class TaskQueues
{
    /// <summary>The shared queue of campaign workflows and calculations.</summary>
    public const string Default = "autopipe";

    /// <summary>Prefix of the projector's own queue: the projector owns the working directory, so its activities run there only.</summary>
    public const string ProjectorPrefix = "autopipe-projector-";

    /// <summary>Prefix of campaign workflow ids.</summary>
    public const string WorkflowIdPrefix = "autopipe-";

    /// <summary>The projector queue of <paramref name="campaign"/>.</summary>
    public static string Projector(string campaign) => ProjectorPrefix + campaign;

    /// <summary>The workflow id of <paramref name="campaign"/>: one running workflow per campaign.</summary>
    public static string WorkflowId(string campaign) => WorkflowIdPrefix + campaign;
}
