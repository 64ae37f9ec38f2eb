using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Executors;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Tests.Calculators.Mock;

/// <summary>The mock as a command, the way the slurm executor runs it, here run as a real local process.</summary>
public class MockCommandTests
{
    private static readonly MockCalculatorSpec spec = new(0.1, new Dictionary<string, int> { ["job-0002"] = 1 });

    [Fact]
    public async Task RunAsync_AsCommand_WritesAndReadsBackTheInProcessResult()
    {
        using var dir = new TempDir();
        var commands = new CommandsElsewhere();
        var request = Request("job-0001", 1, dir.Path);

        var result = await new MockCalculator(spec, executor: commands).RunAsync(request, null, CancellationToken.None);
        var expected = await new MockCalculator(spec).RunAsync(request, null, CancellationToken.None);

        Assert.Equal(1, commands.Runs);
        Assert.True(File.Exists(Path.Combine(request.AttemptDirectory, MockCommand.ResultFileName)));
        Assert.Equal(expected.Energy, result.Energy);
        Assert.Equal(expected.Forces.SelectMany(f => f), result.Forces.SelectMany(f => f));
        Assert.Equal(expected.Stress, result.Stress);
        Assert.Equal("node-elsewhere", result.Provenance!.Host);
    }

    [Fact]
    public async Task RunAsync_AsCommandOnAnAttemptSetToFail_IsTransientWithTheMockMessage()
    {
        using var dir = new TempDir();

        var error = await Assert.ThrowsAsync<CalculationFailedException>(
            () => new MockCalculator(spec, executor: new CommandsElsewhere()).RunAsync(Request("job-0002", 1, dir.Path), null, CancellationToken.None));

        Assert.Equal(FailureKind.Transient, error.Kind);
        Assert.Contains("job-0002 is set to fail its first 1 attempt(s)", error.Message, StringComparison.Ordinal);
    }

    private static CalculationRequest Request(string jobId, int attempt, string root) =>
        new(jobId, attempt, MockStructures.ForJob(1), new Dictionary<string, JsonNode>(), Path.Combine(root, jobId, $"attempt-{attempt}"), null);

    /// <summary>An executor that is not the local one (so the mock runs as a command), running it as a local child process.</summary>
    private sealed class CommandsElsewhere : ICommandExecutor
    {
        private readonly LocalExecutor local = new();

        public int Runs { get; private set; }

        public bool IsSubmitted(string jobId, int attempt) => false;

        public string? HostOf(string attemptDirectory) => "node-elsewhere";

        public Task<int?> RunAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            Runs++;
            return local.RunAsync(request, cancellationToken);
        }
    }
}
