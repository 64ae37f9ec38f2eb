using System.Globalization;
using System.Text.Json.Nodes;
using AutoPipe.Core.Executors;
using AutoPipe.Core.Json;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Calculators.Espresso;

/// <summary>
/// Quantum ESPRESSO pw.x as a child process: checks the input, writes <c>espresso.pwi</c> into the attempt folder,
/// runs <c>&lt;command&gt; -in espresso.pwi</c> there with stdout to <c>espresso.pwo</c>, reports the SCF iteration
/// while it runs, kills the whole process tree on timeout or cancellation, and classifies every failure.
/// </summary>
public sealed class EspressoCalculator : ICalculator
{
    /// <summary>The calculator's name in ASE's <c>calculator</c> column.</summary>
    public const string Name = EspressoCalculatorSpec.KindName;

    /// <summary>pw.x's stderr inside the attempt folder (MPI and Fortran runtime messages).</summary>
    public const string ErrorFileName = "espresso.err";

    private static readonly TimeSpan progressInterval = TimeSpan.FromSeconds(1);

    private readonly EspressoCalculatorSpec spec;
    private readonly TimeProvider time;
    private readonly ICommandExecutor executor;

    /// <summary>
    /// Creates the calculator; <paramref name="time"/> drives the time limit and the progress tail,
    /// <paramref name="executor"/> runs pw.x (default: a local child process).
    /// </summary>
    public EspressoCalculator(EspressoCalculatorSpec spec, TimeProvider? time = null, ICommandExecutor? executor = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        this.spec = spec;
        this.time = time ?? TimeProvider.System;
        this.executor = executor ?? new LocalExecutor(this.time);
    }

    /// <inheritdoc/>
    public async Task<CalculationResult> RunAsync(CalculationRequest request, IProgress<CalculationProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();

        // Attempt 1 may arrive with the spec's parameters or with none (meaning the spec's own).
        var parameters = request.Parameters.Count > 0 ? request.Parameters : spec.Parameters;
        var command = ResolveCommand();
        var pseudoPaths = ValidatePseudopotentials(request.Structure.Symbols);
        var keywords = ResolveKeywords(parameters, request, pseudoPaths, out var restartFrom);
        var input = EspressoInputWriter.Write(request.Structure, keywords, spec.Kpts, spec.Pseudopotentials, spec.PseudoDir);

        // An attempt adopted from an earlier run of the manager may be running pw.x on these files right now.
        if (!executor.IsSubmitted(request.JobId, request.Attempt))
        {
            Directory.CreateDirectory(request.AttemptDirectory);
            if (restartFrom is not null)
            {
                CopyDirectory(restartFrom.Source, Path.Combine(request.AttemptDirectory, restartFrom.Target));
            }

            await File.WriteAllTextAsync(Path.Combine(request.AttemptDirectory, EspressoInputWriter.InputFileName), input, cancellationToken).ConfigureAwait(false);
        }

        var outputPath = Path.Combine(request.AttemptDirectory, EspressoOutputParser.OutputFileName);
        var errorPath = Path.Combine(request.AttemptDirectory, ErrorFileName);
        using var tailStop = new CancellationTokenSource();
        var tail = progress is null ? Task.CompletedTask : TailProgressAsync(outputPath, progress, tailStop.Token);
        int? exitCode;
        var started = time.GetTimestamp();
        try
        {
            exitCode = await executor.RunAsync(
                new CommandRequest(
                    request.JobId,
                    request.Attempt,
                    [.. command, "-in", EspressoInputWriter.InputFileName],
                    request.AttemptDirectory,
                    outputPath,
                    errorPath,
                    TimeSpan.FromSeconds(spec.TimeoutSeconds),
                    progress),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await tailStop.CancelAsync().ConfigureAwait(false);
            await tail.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var wall = time.GetElapsedTime(started).TotalSeconds;

        if (exitCode is null)
        {
            throw new CalculationFailedException(
                FailureKind.Timeout,
                $"pw.x ran past the time limit of {spec.TimeoutSeconds.ToString(CultureInfo.InvariantCulture)} s and was killed with its process tree");
        }

        var output = EspressoOutputParser.ParseFile(outputPath);
        if (output.Failure == FailureKind.Checkpointed && IsSet(parameters, EspressoParameterKeys.ContinueFromPrevious) && restartFrom?.Resumes != true)
        {
            // Continuing was asked for but the state to continue from was not here (another worker's scratch): this
            // piece started from scratch and would only repeat itself, so it is out of time, not a piece of progress.
            throw new CalculationFailedException(
                FailureKind.Timeout,
                $"pw.x stopped at max_seconds again and the state saved by attempt {(request.Attempt - 1).ToString(CultureInfo.InvariantCulture)} was not in {request.PreviousAttemptDirectory ?? "this worker's scratch"} to continue from: {EspressoCorrectionPolicy.NeedsLongerLimit}");
        }

        if (output.Failure is FailureKind kind && kind != FailureKind.OutputUnreadable)
        {
            throw new CalculationFailedException(kind, output.FailureMessage ?? kind.ToString());
        }

        if (exitCode != 0)
        {
            throw new CalculationFailedException(FailureKind.Crashed, DescribeExit(exitCode.Value, errorPath));
        }

        if (output.Failure is not null)
        {
            throw new CalculationFailedException(FailureKind.OutputUnreadable, output.FailureMessage ?? "pw.x output is unreadable");
        }

        return new CalculationResult(
            output.Energy!.Value,
            output.Forces!,
            output.Stress,
            // ASE's reader sets free_energy to the same printed total energy; the ASE row must read the same.
            output.Energy,
            Name,
            DescribeParameters(keywords),
            EspressoProvenance.From(output.Run, pseudoPaths, executor.HostOf(request.AttemptDirectory), wall));
    }

    private List<string> ResolveCommand()
    {
        var command = spec.Command.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        if (command.Count == 0)
        {
            throw new CalculationFailedException(FailureKind.InputError, "the espresso command is empty");
        }

        // Found before starting, so a typo is bad input rather than a crash of the setsid wrapper.
        if (FindExecutable(command[0]) is not string path)
        {
            throw new CalculationFailedException(FailureKind.InputError, $"command '{command[0]}' not found on PATH");
        }

        command[0] = path;
        return command;
    }

    private Dictionary<string, string> ValidatePseudopotentials(IEnumerable<string> symbols)
    {
        if (!Directory.Exists(spec.PseudoDir))
        {
            throw new CalculationFailedException(FailureKind.InputError, $"pseudopotential folder {spec.PseudoDir} does not exist");
        }

        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var symbol in symbols.Distinct(StringComparer.Ordinal))
        {
            if (!spec.Pseudopotentials.TryGetValue(symbol, out var file))
            {
                throw new CalculationFailedException(FailureKind.InputError, $"no pseudopotential given for element {symbol}");
            }

            var path = Path.Combine(spec.PseudoDir, file);
            if (!File.Exists(path))
            {
                throw new CalculationFailedException(FailureKind.InputError, $"pseudopotential file {path} for {symbol} does not exist");
            }

            paths[symbol] = path;
        }

        return paths;
    }

    /// <summary>Turns the reserved <see cref="EspressoParameterKeys"/> into pw.x keywords; <paramref name="restartFrom"/> is the previous attempt's folder to copy, if any.</summary>
    private static Dictionary<string, JsonNode> ResolveKeywords(
        IReadOnlyDictionary<string, JsonNode> parameters,
        CalculationRequest request,
        Dictionary<string, string> pseudoPaths,
        out RestartFiles? restartFrom)
    {
        var keywords = new Dictionary<string, JsonNode>(StringComparer.OrdinalIgnoreCase);
        JsonNode? restart = null;
        JsonNode? continuation = null;
        JsonNode? bandFactor = null;
        foreach (var (key, value) in parameters)
        {
            if (string.Equals(key, EspressoParameterKeys.RestartFromPrevious, StringComparison.OrdinalIgnoreCase))
            {
                restart = value;
            }
            else if (string.Equals(key, EspressoParameterKeys.ContinueFromPrevious, StringComparison.OrdinalIgnoreCase))
            {
                continuation = value;
            }
            else if (string.Equals(key, EspressoParameterKeys.BandFactor, StringComparison.OrdinalIgnoreCase))
            {
                bandFactor = value;
            }
            else if (!string.Equals(key, EspressoParameterKeys.DiagonalizationsTried, StringComparison.OrdinalIgnoreCase)
                && !keywords.TryAdd(key, value.DeepClone()))
            {
                throw new CalculationFailedException(FailureKind.InputError, $"keyword {key} is given twice (pw.x keywords are case-insensitive)");
            }
        }

        if (bandFactor is not null)
        {
            if (!JsonNumbers.TryGetDouble(bandFactor, out var factor) || factor < 1)
            {
                throw new CalculationFailedException(FailureKind.InputError, $"{EspressoParameterKeys.BandFactor} must be a number >= 1");
            }

            var valences = pseudoPaths.ToDictionary(p => p.Key, p => EspressoBandCount.ReadValence(p.Value), StringComparer.Ordinal);
            var basis = keywords.TryGetValue("nbnd", out var nbnd) && JsonNumbers.TryGetLong(nbnd, out var given)
                ? (int)given
                : EspressoBandCount.Default(request.Structure, keywords, s => valences[s]);
            keywords["nbnd"] = JsonValue.Create((int)Math.Ceiling(factor * basis - 1e-9));
        }

        restartFrom = null;
        if (request.PreviousAttemptDirectory is not string previous)
        {
            return keywords;
        }

        var outDir = Path.Combine(previous, EspressoInputWriter.OutDir);
        var saveDir = Path.Combine(EspressoInputWriter.OutDir, EspressoInputWriter.Prefix + ".save");
        // pw.x writes prefix.restart_scf when it stops at max_seconds inside the SCF: with it (and the wavefunctions
        // and mixing history beside it) restart_mode='restart' resumes at the iteration and k-point it reached.
        if (JsonNumbers.GetBoolean(continuation) == true && File.Exists(Path.Combine(outDir, EspressoInputWriter.Prefix + ".restart_scf")))
        {
            restartFrom = new RestartFiles(outDir, EspressoInputWriter.OutDir, Resumes: true);
            keywords["restart_mode"] = JsonValue.Create("restart");
        }
        else if ((JsonNumbers.GetBoolean(restart) == true || JsonNumbers.GetBoolean(continuation) == true)
            && File.Exists(Path.Combine(previous, saveDir, "charge-density.dat")))
        {
            // A run killed before its first SCF step leaves no charge density: it starts from scratch then.
            restartFrom = new RestartFiles(Path.Combine(previous, saveDir), saveDir, Resumes: false);
            keywords["startingpot"] = JsonValue.Create("file");
        }

        return keywords;
    }

    private JsonObject DescribeParameters(Dictionary<string, JsonNode> keywords)
    {
        var described = new JsonObject();
        foreach (var (key, value) in keywords)
        {
            described[key] = value.DeepClone();
        }

        described["kpts"] = spec.Kpts is null ? null : new JsonArray(spec.Kpts.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray());
        var pseudos = new JsonObject();
        foreach (var (symbol, file) in spec.Pseudopotentials)
        {
            pseudos[symbol] = file;
        }

        described["pseudopotentials"] = pseudos;
        return described;
    }

    private async Task TailProgressAsync(string path, IProgress<CalculationProgress> progress, CancellationToken stop)
    {
        long offset = 0;
        var pending = string.Empty;
        var reported = 0;
        var accuracies = new List<double>();
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(progressInterval, time, stop).ConfigureAwait(false);
            if (!File.Exists(path))
            {
                continue;
            }

            string chunk;
            await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                stream.Seek(offset, SeekOrigin.Begin);
                using var reader = new StreamReader(stream);
                chunk = await reader.ReadToEndAsync(stop).ConfigureAwait(false);
                offset = stream.Position;
            }

            // Only whole lines count: an iteration number cut in half would be read wrong.
            var text = pending + chunk;
            var lastNewline = text.LastIndexOf('\n');
            pending = lastNewline < 0 ? text : text[(lastNewline + 1)..];
            if (lastNewline < 0)
            {
                continue;
            }

            var lines = text[..(lastNewline + 1)];
            accuracies.AddRange(EspressoOutputParser.ScfAccuracies(lines));
            if (accuracies.Count > CalculationProgress.MaxScfAccuracies)
            {
                accuracies.RemoveRange(0, accuracies.Count - CalculationProgress.MaxScfAccuracies);
            }

            if (EspressoOutputParser.LastScfIteration(lines) is int iteration && iteration > reported)
            {
                reported = iteration;
                progress.Report(new CalculationProgress($"SCF iteration {iteration}", iteration) { ScfAccuracyRy = accuracies.ToArray() });
            }
        }
    }

    private static string DescribeExit(int exitCode, string errorPath)
    {
        // .NET reports a child killed by signal N as 128 + N.
        var how = exitCode > 128 ? $"pw.x was killed by signal {exitCode - 128}" : $"pw.x exited with code {exitCode} without an error message";
        var stderr = File.Exists(errorPath) ? File.ReadAllText(errorPath).Trim() : string.Empty;
        return stderr.Length == 0 ? how : $"{how}; stderr: {(stderr.Length > 500 ? stderr[^500..] : stderr)}";
    }

    private static string? FindExecutable(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    private static bool IsSet(IReadOnlyDictionary<string, JsonNode> parameters, string reservedKey) =>
        parameters.Any(p => string.Equals(p.Key, reservedKey, StringComparison.OrdinalIgnoreCase) && JsonNumbers.GetBoolean(p.Value) == true);

    /// <summary>
    /// What an attempt copies from the previous one before pw.x starts: <see cref="Source"/> into its own
    /// <see cref="Target"/> (relative); <see cref="Resumes"/> when it is pw.x's whole saved state (restart_mode='restart').
    /// </summary>
    private sealed record RestartFiles(string Source, string Target, bool Resumes);

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }
}
