namespace AutoPipe.Core.Spec;

/// <summary>The default executor: a child process of the manager in its own process group, killed with its tree.</summary>
public sealed record LocalExecutorSpec : ExecutorSpec
{
    /// <summary>The spec's name of this executor.</summary>
    public const string KindName = "local";

    /// <summary>The one local executor (it has no settings).</summary>
    public static LocalExecutorSpec Instance { get; } = new();

    /// <inheritdoc/>
    public override string Kind => KindName;
}
