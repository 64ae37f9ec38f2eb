using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Commands;

/// <summary>
/// The command line as a whole: every problem of it reported at once, each naming its option, with exit 2 and nothing
/// written; fixed choices in any case; every command's help with the exit codes.
/// </summary>
public class CommandLineTests
{
    [Theory]
    [InlineData("status|--interval|0",
        "error: --interval: must be at least 0.1 (seconds), got 0", "error: give --workdir DIR, or --temporal HOST:PORT --campaign NAME")]
    [InlineData("status|--watch|--interval|0.05|--temporal|127.0.0.1:1",
        "error: --interval: must be at least 0.1 (seconds), got 0.05", "error: --campaign NAME is required with --temporal")]
    [InlineData("status|--workdir|WORK|--temporal|127.0.0.1:1|--campaign|c6",
        "error: give --workdir DIR, or --temporal HOST:PORT --campaign NAME, not both")]
    [InlineData("cancel|--reason|why",
        "error: give --workdir DIR, or --temporal HOST:PORT --campaign NAME")]
    [InlineData("run|SPEC|--workdir|WORK|--progress|bogus|--heartbeat-timeout|0|--dashboard|nowhere:8787",
        "error: --progress: 'bogus' is not one of auto, live, plain, none", "error: --heartbeat-timeout: must be greater than 0, got 0",
        "error: --dashboard nowhere:8787: 'nowhere' is not an IP address")]
    [InlineData("export|--workdir|WORK|--output|OUT|--stress|matrix|--split|train|--select|Si2|--seed|x",
        "error: --stress: 'matrix' is not one of full, voigt", "error: --split: 'train' is not NAME=FRACTION",
        "error: --select: 'Si2': ", "'x' for option '--seed'")]
    [InlineData("demo|parallel|--jobs|0|--workers|-1|--job-seconds|-1",
        "error: --jobs: must be at least 1, got 0", "error: --workers: must be at least 1, got -1", "error: --job-seconds: must be at least 0, got -1")]
    [InlineData("dashboard|--workdir|WORK|--address|nowhere",
        "error: --address nowhere: 'nowhere' is not a port")]
    public void CommandLine_SeveralProblems_Exit2ReportingEachNamingItsOptionAndWritingNothing(string arguments, params string[] problems)
    {
        using var dir = new TempDir();
        var spec = Specs.Mock(dir, "options", jobs: 1, workers: 1, seconds: 0);
        var workdir = Path.Combine(dir.Path, "work");
        string[] args = [.. arguments.Split('|').Select(a => a switch { "SPEC" => spec, "WORK" => workdir, "OUT" => Path.Combine(dir.Path, "out.extxyz"), _ => a })];

        var (exit, stdout, stderr) = Cli.Run(60, args);

        Assert.True(exit == 2, $"exit {exit}\n{stdout}{stderr}");
        Assert.All(problems, problem => Assert.Contains(problem, stderr, StringComparison.Ordinal));
        Assert.Contains($"Run 'autopipe {string.Join(' ', args.TakeWhile(a => !a.StartsWith('-') && a != spec))} --help' for usage.", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workdir));
        Assert.False(File.Exists(Path.Combine(dir.Path, "out.extxyz")));
    }

    [Theory]
    [InlineData("status")]
    [InlineData("cancel")]
    public void StatusAndCancel_TemporalUnreachable_Exit3SayingWhere(string command)
    {
        var (exit, _, stderr) = Cli.Run(60, command, "--temporal", "127.0.0.1:1", "--campaign", "c6");

        Assert.Equal(3, exit);
        Assert.Contains("error: cannot reach Temporal at 127.0.0.1:1 (namespace default)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_ChoiceInAnyCase_IsTheSameChoice()
    {
        using var dir = new TempDir();

        var (exit, _, stderr) = Cli.Run(60, "export", "--workdir", Path.Combine(dir.Path, "work"), "--output", Path.Combine(dir.Path, "out.extxyz"), "--stress", "VOIGT");

        // Read as voigt: the export itself then names the one problem of voigt with the default key, among the others.
        Assert.Equal(2, exit);
        Assert.Contains("error: --stress voigt needs a --stress-key other than stress", stderr, StringComparison.Ordinal);
        Assert.Contains("no such database", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "--progress <auto|live|plain|none>", "[default: auto]")]
    [InlineData("export", "--stress <full|voigt>", "[default: full]")]
    [InlineData("dashboard", "--address <HOST:PORT>", "[default: 127.0.0.1:8787]")]
    [InlineData("status", "--interval <interval>", "(at least 0.1). [default: 5]")]
    [InlineData("cancel", "--temporal <HOST:PORT>", "--campaign <NAME>")]
    [InlineData("results", "--workdir <DIR>", "--json")]
    [InlineData("report", "--workdir <DIR>", "--output <OUT>")]
    [InlineData("demo", "retry", "pull-the-plug")]
    [InlineData("demo|parallel", "--jobs <jobs>", "--job-seconds <job-seconds>")]
    public void Help_EveryCommand_ShowsItsChoicesAndDefaultsAndTheExitCodes(string command, params string[] expected)
    {
        var (exit, stdout, _) = Cli.Run(30, [.. command.Split('|'), "--help"]);

        Assert.Equal(0, exit);
        Assert.All(expected, text => Assert.Contains(text, stdout, StringComparison.Ordinal));
        Assert.Contains("2    invalid input", stdout, StringComparison.Ordinal);
        Assert.Contains("or the Temporal\n       server cannot be reached", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("70   internal error", stdout, StringComparison.Ordinal);
    }
}
