using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AutoPipe.Client.Tests.Support;
using AutoPipe.Core.Storage;
using Xunit.Abstractions;

namespace AutoPipe.Client.Tests.Packages;

/// <summary>
/// The packages a C# user adds (<c>dotnet pack</c>: AutoPipe.Core, AutoPipe.Temporal) and examples/csharp, the program
/// that uses only them: packed into a temporary folder, the example copied beside it as in the repository
/// (examples/csharp finds its packages at ../../artifacts/packages), built and run there, its rows checked against
/// results.db. The README's "From C#" snippet is that program.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed partial class CSharpExampleTests(ITestOutputHelper output)
{
    // The configuration these tests were built in: packing it builds nothing again (a Release pack would compile
    // Core and the worker a second time, and race the Release builds of other tests).
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static readonly string ExampleFolder = Path.Combine(Repository.Root, "examples", "csharp");

    // Build servers would outlive the commands (and hold their output open): the same commands, without them.
    private static readonly Dictionary<string, string> NoBuildServers = new()
    {
        ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0", ["UseSharedCompilation"] = "false",
    };

    [Fact]
    public void Example_AgainstThePackedPackages_RunsTheMockCampaignAndPrintsItsRows()
    {
        using var dir = new TempDir();
        // A version of its own: NuGet never re-extracts a version it already holds, so 1.0.0 could be an old build's.
        var version = $"{RepositoryVersion()}-ci.{Guid.NewGuid():N}";
        var packages = Path.Combine(dir.Path, "artifacts", "packages");
        try
        {
            // The README's pack command, in the tests' configuration, with that version, and without restoring again
            // (a restore would record the version in every project's assets file).
            var (exit, text) = ChildProgram.Run(Repository.Root, 300, "dotnet",
                ["pack", "AutoPipe.sln", "-c", Configuration, "--no-restore", "-o", packages, $"-p:PackageVersion={version}"], NoBuildServers);
            Assert.True(exit == 0, $"dotnet pack exited {exit}:\n{text}");
            Assert.Equal([$"AutoPipe.Core.{version}.nupkg", $"AutoPipe.Temporal.{version}.nupkg"], Directory.GetFiles(packages).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            AssertPackageCarriesItsDocuments(Path.Combine(packages, $"AutoPipe.Core.{version}.nupkg"), "AutoPipe.Core", "AutoPipe.Core");
            AssertPackageCarriesItsDocuments(Path.Combine(packages, $"AutoPipe.Temporal.{version}.nupkg"), "AutoPipe.Temporal", "autopipe-worker");

            var example = Path.Combine(dir.Path, "examples", "csharp");
            CopyExample(example);
            var work = Path.Combine(dir.Path, "work");
            (exit, text) = ChildProgram.Run(example, 300, "dotnet", ["run", "--project", example, $"-p:AutoPipeVersion={version}", "--", work], NoBuildServers);
            output.WriteLine(text);
            Assert.True(exit == 0, $"dotnet run (examples/csharp) exited {exit}:\n{text}");

            Assert.Contains("4 of 4 completed, 0 failed", text, StringComparison.Ordinal);
            var printed = RowLine().Matches(text).Select(m => (JobId: m.Groups[1].Value, Energy: m.Groups[2].Value, Attempts: int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))).OrderBy(r => r.JobId, StringComparer.Ordinal).ToList();
            var stored = AseResultsReader.ReadAll(Path.Combine(work, "run", "results.db")).OrderBy(r => r.JobId, StringComparer.Ordinal)
                .Select(r => (r.JobId, Energy: r.Energy.ToString("F6", CultureInfo.InvariantCulture), r.Attempts)).ToList();
            Assert.Equal(["job-0001", "job-0002", "job-0003", "job-0004"], stored.Select(r => r.JobId));
            Assert.Equal(stored, printed);
            Assert.Equal(2, stored.Single(r => r.JobId == "job-0002").Attempts);
        }
        finally
        {
            ForgetPackages(version);
        }
    }

    [Fact]
    public void Example_PackageVersion_IsTheOneTheRepositoryPacks()
    {
        var example = XDocument.Load(Path.Combine(ExampleFolder, "Directory.Packages.props"));
        Assert.Equal(RepositoryVersion(), example.Descendants("AutoPipeVersion").Single().Value);
    }

    [Fact]
    public void Example_UsesPackagesOnly_FromTheFolderDotnetPackFills()
    {
        var project = XDocument.Load(Path.Combine(ExampleFolder, "AutoPipe.Example.csproj"));
        Assert.Empty(project.Descendants("ProjectReference"));
        Assert.Equal(["AutoPipe.Core", "AutoPipe.Temporal", "Serilog.Sinks.Console"], project.Descendants("PackageReference").Select(p => (string)p.Attribute("Include")!));

        var config = XDocument.Load(Path.Combine(ExampleFolder, "nuget.config"));
        var source = config.Descendants("packageSources").Elements("add").Single(a => (string?)a.Attribute("key") == "autopipe");
        Assert.Equal("../../artifacts/packages", (string?)source.Attribute("value"));
        var mapped = config.Descendants("packageSource").Single(s => (string?)s.Attribute("key") == "autopipe");
        Assert.Equal(["AutoPipe.*"], mapped.Elements("package").Select(p => (string)p.Attribute("pattern")!));
        Assert.Contains("dotnet pack AutoPipe.sln -o artifacts/packages", File.ReadAllText(Path.Combine(Repository.Root, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_FromCSharp_IsTheExampleProgram()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md")).ReplaceLineEndings("\n");
        var section = readme[readme.IndexOf("\n## From C#\n", StringComparison.Ordinal)..];
        var start = section.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        var snippet = section[start..section.IndexOf("\n```\n", start, StringComparison.Ordinal)];

        Assert.Equal(File.ReadAllText(Path.Combine(ExampleFolder, "Program.cs")).ReplaceLineEndings("\n").TrimEnd('\n'), snippet);
    }

    private static void AssertPackageCarriesItsDocuments(string package, string id, string assembly)
    {
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        Assert.Contains($"lib/net10.0/{assembly}.dll", entries);
        Assert.Contains($"lib/net10.0/{assembly}.xml", entries);

        using var nuspec = zip.GetEntry($"{id}.nuspec")!.Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.False(string.IsNullOrWhiteSpace(Value("authors")));
        // Where the sources are: the commit they were built from (and the remote's URL, where git has one).
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");
    }

    private static void CopyExample(string destination)
    {
        foreach (var file in Directory.EnumerateFiles(ExampleFolder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(ExampleFolder, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The version every package gets: VersionPrefix in the repository root's Directory.Build.props.</summary>
    private static string RepositoryVersion() =>
        XDocument.Load(Path.Combine(Repository.Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

    /// <summary>Removes this test's version of the packages from NuGet's global packages folder (the restore put it there).</summary>
    private static void ForgetPackages(string version)
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "autopipe.core", "autopipe.temporal" })
        {
            var folder = Path.Combine(root, id, version.ToLowerInvariant());
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [GeneratedRegex(@"(?m)^(job-\d{4}) (-?\d+\.\d{6}) eV \(\w+, (\d+) attempt\(s\)\)$")]
    private static partial Regex RowLine();
}
