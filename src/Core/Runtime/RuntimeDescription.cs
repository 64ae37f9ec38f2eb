namespace AutoPipe.Core.Runtime;

/// <summary>
/// Which runtime runs a campaign, and what only its running process knows about it (written to status.json, so that a
/// dashboard in another process can link to it).
/// </summary>
/// <param name="Kind"><c>embedded</c> or <c>temporal</c>.</param>
/// <param name="WorkflowId">The Temporal workflow id, or null.</param>
/// <param name="Namespace">The Temporal namespace, or null.</param>
/// <param name="UiLink">The workflow's page in the Temporal UI, or null.</param>
public sealed record RuntimeDescription(string Kind, string? WorkflowId = null, string? Namespace = null, string? UiLink = null)
{
    /// <summary>The embedded runtime: this machine's slots.</summary>
    public static RuntimeDescription Embedded { get; } = new("embedded");
}
