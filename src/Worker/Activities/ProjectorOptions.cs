namespace AutoPipe.Worker.Activities;

/// <summary>Settings of a projector's <see cref="ProjectorActivities"/>.</summary>
public sealed class ProjectorOptions
{
    /// <summary>The one campaign this projector serves (it owns that campaign's working directory).</summary>
    public string Campaign { get; set; } = "";
}
