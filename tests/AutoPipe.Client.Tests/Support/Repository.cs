namespace AutoPipe.Client.Tests.Support;

/// <summary>The repository the tests were built from (the folder holding AutoPipe.sln).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutoPipe.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("AutoPipe.sln");
    }
}
