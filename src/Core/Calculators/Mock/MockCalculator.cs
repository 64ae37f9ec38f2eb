using System.Globalization;
using System.Text.Json.Nodes;
using AutoPipe.Core.Executors;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Calculators.Mock;

/// <summary>
/// Sleeps the configured time, then returns <see cref="MockPotential"/>'s energy, forces and stress; fails the
/// first K attempts of the jobs the spec names, with a transient failure. In process by default; given a
/// non-local executor (Slurm), the sleep, the failure and the writing of the result happen in a command that the
/// executor runs (<see cref="MockCommand"/>), and the result is read back from the file that command wrote.
/// </summary>
public sealed class MockCalculator : ICalculator
{
    /// <summary>The code a mock result's provenance names.</summary>
    public const string Code = "autopipe-mock";

    private readonly MockCalculatorSpec spec;
    private readonly TimeProvider time;
    private readonly ICommandExecutor? executor;

    /// <summary>
    /// Creates the calculator; <paramref name="time"/> drives the sleep (tests pass a fake clock); a non-local
    /// <paramref name="executor"/> runs the mock as a command.
    /// </summary>
    public MockCalculator(MockCalculatorSpec spec, TimeProvider? time = null, ICommandExecutor? executor = null)
    {
        this.spec = spec;
        this.time = time ?? TimeProvider.System;
        this.executor = executor is LocalExecutor ? null : executor;
    }

    /// <inheritdoc/>
    public async Task<CalculationResult> RunAsync(CalculationRequest request, IProgress<CalculationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = time.GetTimestamp();
        if (executor != null)
        {
            return await RunAsCommandAsync(request, progress, executor, started, cancellationToken).ConfigureAwait(false);
        }

        if (spec.Seconds > 0)
        {
            progress?.Report(new CalculationProgress($"sleeping {spec.Seconds:0.###} s"));
            await Task.Delay(TimeSpan.FromSeconds(spec.Seconds), time, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (FailureOf(request) is string failure)
        {
            throw new CalculationFailedException(FailureKind.Transient, failure);
        }

        return Result(request, started, LocalHost.Name);
    }

    private async Task<CalculationResult> RunAsCommandAsync(CalculationRequest request, IProgress<CalculationProgress>? progress, ICommandExecutor commands, long started, CancellationToken cancellationToken)
    {
        var directory = request.AttemptDirectory;
        Directory.CreateDirectory(directory);
        var expected = Result(request, started, null);
        var command = MockCommand.For(spec.Seconds, FailureOf(request), expected);
        var exitCode = await commands.RunAsync(
            new CommandRequest(
                request.JobId,
                request.Attempt,
                command,
                directory,
                Path.Combine(directory, MockCommand.OutputFileName),
                Path.Combine(directory, MockCommand.ErrorFileName),
                Timeout.InfiniteTimeSpan,
                progress),
            cancellationToken).ConfigureAwait(false);
        if (exitCode is null)
        {
            throw new CalculationFailedException(FailureKind.Timeout, "the mock command ran past its time limit");
        }

        if (exitCode != 0)
        {
            var stderr = Path.Combine(directory, MockCommand.ErrorFileName);
            var why = File.Exists(stderr) ? (await File.ReadAllTextAsync(stderr, cancellationToken).ConfigureAwait(false)).Trim() : "";
            throw new CalculationFailedException(
                FailureKind.Transient,
                why.Length > 0 ? why : $"the mock command exited with code {exitCode.Value.ToString(CultureInfo.InvariantCulture)}");
        }

        var written = MockCommand.ReadResult(Path.Combine(directory, MockCommand.ResultFileName))
            ?? throw new CalculationFailedException(FailureKind.OutputUnreadable, $"the mock command wrote no readable {MockCommand.ResultFileName}");
        return expected with
        {
            Energy = written.Energy,
            Forces = written.Forces,
            Stress = written.Stress,
            // Where the command ran is the executor's knowledge (a Slurm node, not this machine).
            Provenance = expected.Provenance! with { Host = commands.HostOf(directory), WallSeconds = time.GetElapsedTime(started).TotalSeconds },
        };
    }

    private string? FailureOf(CalculationRequest request) =>
        spec.FailFirstAttempts.TryGetValue(request.JobId, out var failures) && request.Attempt <= failures
            ? $"mock failure: {request.JobId} is set to fail its first {failures} attempt(s)"
            : null;

    private CalculationResult Result(CalculationRequest request, long started, string? host)
    {
        var (energy, forces, stress) = MockPotential.Evaluate(request.Structure);
        var provenance = new CalculationProvenance(Code, AutoPipeVersion.Current, host, time.GetElapsedTime(started).TotalSeconds);
        return new CalculationResult(energy, forces, stress, null, MockCalculatorSpec.KindName, new JsonObject { ["seconds"] = spec.Seconds }, provenance);
    }
}
