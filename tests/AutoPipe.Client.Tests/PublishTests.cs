using AutoPipe.Client.Tests.Support;
using Xunit.Abstractions;

namespace AutoPipe.Client.Tests;

/// <summary>
/// A published build runs everything it ships: the README's publish command, run once into a temporary folder, and
/// the worker bundled there (the demos start it), the <c>autopipe</c> apphost and its own child processes.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class PublishTests(PublishedBuild build, ITestOutputHelper output) : IClassFixture<PublishedBuild>
{
    [Theory]
    [InlineData("dotnet", "autopipe-worker.dll")]
    [InlineData("autopipe-worker")]
    public void PublishedWorker_NoServer_ExitsThreeNamingTheAddress(string program, string? assembly = null)
    {
        AssertPublished();
        var command = assembly == null ? Path.Combine(build.Folder, program) : program;
        string[] args = [.. assembly == null ? [] : new[] { Path.Combine(build.Folder, assembly) }, "--address", "127.0.0.1:1"];

        var (exit, text) = ChildProgram.Run(build.Folder, 60, command, args);

        output.WriteLine(text);
        Assert.DoesNotContain("DllNotFoundException", text, StringComparison.Ordinal);
        Assert.True(exit == 3, $"exit {exit}:\n{text}");
        Assert.Contains("autopipe-worker: cannot reach Temporal at 127.0.0.1:1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PublishedAutopipe_DemoRetry_RunsItsOwnChildAndTheClaimHolds()
    {
        AssertPublished();
        using var dir = new TempDir();

        var (exit, text) = ChildProgram.Run(dir.Path, 120, Path.Combine(build.Folder, "autopipe"), ["demo", "retry", "--job-seconds", "0.2", "--folder", Path.Combine(dir.Path, "demo")]);

        Assert.True(exit == 0, text);
        Assert.Contains("Retry successful", text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void PublishedAutopipe_DemoOnTemporal_StartsTheBundledWorkerAndTheClaimHolds()
    {
        Skip.If(TemporalWorkers.Address == null, TemporalWorkers.SkipReason);
        AssertPublished();
        using var dir = new TempDir();

        var (exit, text) = ChildProgram.Run(dir.Path, 600, Path.Combine(build.Folder, "autopipe"),
            ["demo", "retry", "--temporal", TemporalWorkers.Address!, "--job-seconds", "0.5", "--folder", Path.Combine(dir.Path, "demo")]);

        output.WriteLine(text);
        Assert.DoesNotContain("DllNotFoundException", text, StringComparison.Ordinal);
        Assert.True(exit == 0, text);
        Assert.Contains("Retry successful", text, StringComparison.Ordinal);
    }

    private void AssertPublished()
    {
        Assert.True(build.Exit == 0, $"{string.Join(' ', build.Command)} (into {build.Folder}) exited with {build.Exit}:\n{build.Output}");
        // The README says what it produces: the autopipe apphost in DIR.
        Assert.True(File.Exists(Path.Combine(build.Folder, "autopipe")), $"no apphost {build.Folder}/autopipe:\n{build.Output}");
    }
}
