using System.Xml.Linq;

namespace AutoPipe.Client.Tests.Support;

/// <summary>
/// The README's pack command (<c>dotnet pack AutoPipe.sln -o artifacts/packages</c>), run once into a temporary
/// folder's artifacts/packages for the tests of one class, under a version of its own (NuGet never extracts a version
/// it already holds again, so 1.0.0 could be an older build's). It packs the configuration the tests were built in
/// and does not restore: a Release pack would compile everything a second time and race other tests' Release builds,
/// and a restore would write the test version into every project's assets file.
/// </summary>
public sealed class PackedPackages : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly TempDir dir = new();

    public PackedPackages()
    {
        Version = $"{RepositoryVersion}-ci.{Guid.NewGuid():N}";
        Folder = System.IO.Path.Combine(dir.Path, "artifacts", "packages");
        (Exit, Output) = ChildProgram.Run(Repository.Root, 300, "dotnet",
            ["pack", "AutoPipe.sln", "-c", Configuration, "--no-restore", "-o", Folder, $"-p:PackageVersion={Version}"], NoBuildServers);
    }

    /// <summary>Build servers would outlive the commands (and hold their output open): the same commands, without them.</summary>
    public static IReadOnlyDictionary<string, string> NoBuildServers { get; } = new Dictionary<string, string>
    {
        ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0", ["UseSharedCompilation"] = "false",
    };

    /// <summary>The version every package gets: VersionPrefix in the repository root's Directory.Build.props.</summary>
    public static string RepositoryVersion { get; } =
        XDocument.Load(System.IO.Path.Combine(Repository.Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

    /// <summary>The temporary folder that holds artifacts/packages (the repository's layout: examples/ may go beside it).</summary>
    public string Root => dir.Path;

    /// <summary>Where the packages are (the README's artifacts/packages).</summary>
    public string Folder { get; }

    /// <summary>This run's version of every package.</summary>
    public string Version { get; }

    public int Exit { get; }

    public string Output { get; }

    /// <summary>Removes this version from NuGet's global packages folder, where restores and tool installs put it.</summary>
    public void Dispose()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "autopipe.core", "autopipe.temporal", "autopipe" })
        {
            var folder = System.IO.Path.Combine(root, id, Version.ToLowerInvariant());
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            // The package's own folder too, when no other version of it is there.
            if (Directory.Exists(System.IO.Path.Combine(root, id)) && !Directory.EnumerateFileSystemEntries(System.IO.Path.Combine(root, id)).Any())
            {
                Directory.Delete(System.IO.Path.Combine(root, id));
            }
        }

        dir.Dispose();
    }
}
