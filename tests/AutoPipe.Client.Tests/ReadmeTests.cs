using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests;

/// <summary>The README's commands, as a newcomer copies them.</summary>
public class ReadmeTests
{
    private static readonly string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

    [Fact]
    public void Readme_CommandsThatNeedRoot_WorkWithAndWithoutSudo()
    {
        // A root shell may have no sudo at all (CI machines, containers): no command starts with it.
        Assert.DoesNotMatch(@"(?m)^\s*sudo |`sudo ", readme);
        Assert.Contains("$(command -v sudo) bash .ci/run", readme, StringComparison.Ordinal);
        Assert.Contains("$(command -v sudo) bash setup-test-machine.sh", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_TemporalUi_OneDefaultTheDevServers()
    {
        Assert.Contains(Worker.Runtime.TemporalRuntimeOptions.DefaultUiAddress, readme, StringComparison.Ordinal);
        // 8080 only as docker compose's UI.
        Assert.All(readme.Split('\n').Where(l => l.Contains(":8080", StringComparison.Ordinal)), l => Assert.Contains("docker compose", l, StringComparison.Ordinal));
    }
}
