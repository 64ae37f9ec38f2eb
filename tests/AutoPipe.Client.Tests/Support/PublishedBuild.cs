namespace AutoPipe.Client.Tests.Support;

/// <summary>
/// The README's publish command (its line <c>dotnet publish src/Client ... -o DIR</c>), run once from the repository
/// root into a temporary folder instead of DIR, for the tests of one class.
/// </summary>
public sealed class PublishedBuild : IDisposable
{
    private readonly TempDir dir = new();

    public PublishedBuild()
    {
        var command = ReadmeCommand();
        Command = command;
        var output = command.IndexOf("-o");
        Folder = Path.Combine(dir.Path, "autopipe");
        var args = command.Select((arg, i) => i == output + 1 ? Folder : arg).Skip(1).ToList();
        // Build servers would outlive the command (and hold its output open): the same command, without them.
        var environment = new Dictionary<string, string>
        {
            ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0", ["UseSharedCompilation"] = "false",
        };
        (Exit, Output) = ChildProgram.Run(Repository.Root, 900, command[0], args, environment);
    }

    /// <summary>The README's command, word by word ("dotnet", "publish", ...).</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>Where it published (the README's DIR).</summary>
    public string Folder { get; }

    public int Exit { get; }

    public string Output { get; }

    public void Dispose() => dir.Dispose();

    private static List<string> ReadmeCommand()
    {
        var line = File.ReadLines(Path.Combine(Repository.Root, "README.md")).Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith("dotnet publish src/Client ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("README.md has no line that starts with 'dotnet publish src/Client'");
        var words = line.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var output = words.IndexOf("-o");
        if (output < 0 || output == words.Count - 1)
        {
            throw new InvalidOperationException($"README.md's publish command names no output folder (-o DIR): {line}");
        }

        return words;
    }
}
