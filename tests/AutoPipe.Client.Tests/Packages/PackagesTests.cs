using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AutoPipe.Client.Tests.Support;
using AutoPipe.Core.Storage;
using Xunit.Abstractions;

namespace AutoPipe.Client.Tests.Packages;

/// <summary>
/// The packages a user adds (<c>dotnet pack</c>: AutoPipe.Core, AutoPipe.Temporal, the tool autopipe), packed once into
/// a temporary folder, and examples/csharp, the program that uses only them: copied beside that folder as in the
/// repository (it finds its packages at ../../artifacts/packages), built and run there, its rows checked against
/// results.db. The README's "From C#" snippet is that program.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed partial class PackagesTests(PackedPackages packed, ITestOutputHelper output) : IClassFixture<PackedPackages>
{
    private static readonly string ExampleFolder = Path.Combine(Repository.Root, "examples", "csharp");

    [Fact]
    public void Pack_Solution_MakesTheTwoLibrariesAndTheToolEachWithReadmeLicenceDocsAndCommit()
    {
        AssertPacked();
        var version = packed.Version;
        Assert.Equal([$"AutoPipe.Core.{version}.nupkg", $"AutoPipe.Temporal.{version}.nupkg", $"autopipe.{version}.nupkg"], Directory.GetFiles(packed.Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertPackage($"AutoPipe.Core.{version}.nupkg", "AutoPipe.Core", "lib/net10.0/AutoPipe.Core");
        AssertPackage($"AutoPipe.Temporal.{version}.nupkg", "AutoPipe.Temporal", "lib/net10.0/autopipe-worker");
        AssertPackage($"autopipe.{version}.nupkg", "autopipe", "tools/net10.0/any/autopipe");
    }

    [Fact]
    public void Example_AgainstThePackedPackages_RunsTheMockCampaignAndPrintsItsRows()
    {
        AssertPacked();
        var example = Path.Combine(packed.Root, "examples", "csharp");
        CopyExample(example);
        var work = Path.Combine(packed.Root, "work");

        var (exit, text) = ChildProgram.Run(example, 300, "dotnet", ["run", "--project", example, $"-p:AutoPipeVersion={packed.Version}", "--", work], PackedPackages.NoBuildServers);

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

    [Fact]
    public void Tool_InstalledFromThePackages_RunsTheRetryDemoAndItsClaimHolds()
    {
        AssertPacked();
        var tools = Path.Combine(packed.Root, "tools");
        // The packages' folder as the only source: a tool package has no dependencies, and no feed is asked.
        var config = Path.Combine(packed.Root, "tool.nuget.config");
        File.WriteAllText(config, $"<configuration><packageSources><clear /><add key=\"autopipe\" value=\"{packed.Folder}\" /></packageSources></configuration>");
        var (exit, text) = ChildProgram.Run(packed.Root, 120, "dotnet",
            ["tool", "install", "autopipe", "--tool-path", tools, "--configfile", config, "--version", packed.Version], PackedPackages.NoBuildServers);
        Assert.True(exit == 0, $"dotnet tool install exited {exit}:\n{text}");

        (exit, text) = ChildProgram.Run(packed.Root, 120, Path.Combine(tools, "autopipe"), ["demo", "retry", "--job-seconds", "0.2", "--folder", Path.Combine(packed.Root, "demo")]);

        output.WriteLine(text);
        Assert.True(exit == 0, text);
        Assert.Contains("Retry successful", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_PackageVersion_IsTheOneTheRepositoryPacks()
    {
        var example = XDocument.Load(Path.Combine(ExampleFolder, "Directory.Packages.props"));
        Assert.Equal(PackedPackages.RepositoryVersion, example.Descendants("AutoPipeVersion").Single().Value);
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

    private void AssertPacked() => Assert.True(packed.Exit == 0, $"dotnet pack exited {packed.Exit}:\n{packed.Output}");

    private void AssertPackage(string file, string id, string assembly)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(packed.Folder, file));
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        Assert.Contains($"{assembly}.dll", entries);
        Assert.Contains($"{assembly}.xml", entries);

        using var nuspec = zip.GetEntry($"{id}.nuspec")!.Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal(packed.Version, Value("version"));
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

    [GeneratedRegex(@"(?m)^(job-\d{4}) (-?\d+\.\d{6}) eV \(\w+, (\d+) attempt\(s\)\)$")]
    private static partial Regex RowLine();
}
