namespace AutoPipe.Core.Tests.Support;

/// <summary>The repository's examples/ folder (copies of ../shared/examples that must work unchanged).</summary>
public static class Examples
{
    public static string Folder { get; } = Find();

    public static string Path(string name) => System.IO.Path.Combine(Folder, name);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "examples");
            if (File.Exists(System.IO.Path.Combine(candidate, "uat-c6-001.campaign.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("examples/ not found above " + AppContext.BaseDirectory);
    }
}
