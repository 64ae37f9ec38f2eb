using System.Globalization;

namespace AutoPipe.Core.Calculators.Espresso;

/// <summary>
/// Reads a pw.x 6.7 output (<c>espresso.pwo</c>) as ASE 3.22's <c>read_espresso_out</c> does (same lines, same
/// unit constants, same stress sign) and classifies why it is not a result when it is not. Pure: text in, record out.
/// </summary>
public static class EspressoOutputParser
{
    /// <summary>The output file's name inside the attempt folder.</summary>
    public const string OutputFileName = "espresso.pwo";

    private const string TotalEnergyMarker = "!    total energy";
    private const string ForcesMarker = "Forces acting on atoms";
    private const string StressMarker = "total   stress";
    private const string IterationMarker = "iteration #";
    private const string AtomCountMarker = "number of atoms/cell";
    private const string AccuracyMarker = "estimated scf accuracy";
    private const string StoppedMarker = "Calculation stopped in scf loop at iteration #";

    // Wording of pw.x 6.7 (and the messages aiida-quantumespresso's pw parser maps to its diagonalization exit codes).
    private static readonly string[] diagonalizationMessages =
    [
        "problems computing cholesky",
        "S matrix not positive definite",
        "too many bands are not converged",
        "zhegvd failed",
        "[Q, R] = qr(X, 0) failed",
        "eigenvectors failed to converge",
        "Cholesky failed",
    ];

    // efermig cannot place the Fermi level when smearing needs more empty bands than there are; setup stops when
    // nbnd is below half the electrons. Both are repaired by more bands.
    private static readonly string[] bandMessages = ["cannot bracket Ef", "too few bands"];

    // Errors raised while reading the input: repeating the run cannot help.
    private static readonly string[] inputRoutines = ["read_namelists", "read_cards", "card_", "iosys", "readpp", "read_pseudo", "upf"];

    /// <summary>Parses the text of a pw.x output.</summary>
    public static EspressoOutput Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        int? atomCount = null;
        int? iteration = null;
        int energyLine = -1, forcesLine = -1, stressLine = -1;
        var scfNotConverged = false;
        var cpuTimeExceeded = false;
        int? stoppedAfter = null;
        var completedIterations = 0;
        var jobDone = false;
        var bandWarning = default(string);
        var errorBlock = default(string);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Contains(TotalEnergyMarker, StringComparison.Ordinal))
            {
                energyLine = i;
            }
            else if (line.Contains(ForcesMarker, StringComparison.Ordinal))
            {
                forcesLine = i;
            }
            else if (line.Contains(StressMarker, StringComparison.Ordinal))
            {
                stressLine = i;
            }
            else if (line.Contains("convergence NOT achieved", StringComparison.Ordinal))
            {
                scfNotConverged = true;
            }
            else if (line.Contains("Maximum CPU time exceeded", StringComparison.Ordinal))
            {
                cpuTimeExceeded = true;
            }
            else if (line.Contains(AccuracyMarker, StringComparison.Ordinal))
            {
                completedIterations++;
            }
            else if (line.Contains(StoppedMarker, StringComparison.Ordinal))
            {
                stoppedAfter = TryParseInt(line[(line.IndexOf('#', StringComparison.Ordinal) + 1)..].Trim());
            }
            else if (line.Contains("JOB DONE.", StringComparison.Ordinal))
            {
                jobDone = true;
            }
            else if (line.Contains("is above the highest band", StringComparison.Ordinal))
            {
                bandWarning ??= line.Trim();
            }
            else if (line.TrimStart().StartsWith("%%%%%", StringComparison.Ordinal) && errorBlock is null)
            {
                errorBlock = ReadErrorBlock(lines, ref i);
            }
            else if (line.Contains(IterationMarker, StringComparison.Ordinal) && line.TrimStart().StartsWith("iteration", StringComparison.Ordinal))
            {
                iteration = TryParseInt(line[(line.IndexOf('#', StringComparison.Ordinal) + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()) ?? iteration;
            }
            else if (atomCount is null && line.Contains(AtomCountMarker, StringComparison.Ordinal))
            {
                atomCount = TryParseInt(line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim());
            }
        }

        var energy = energyLine >= 0 ? ParseEnergy(lines[energyLine]) : null;
        var forces = forcesLine >= 0 && atomCount is int n ? ParseForces(lines, forcesLine, n) : null;
        var stress = stressLine >= 0 ? ParseStress(lines, stressLine) : null;

        var checkpoint = cpuTimeExceeded ? new MaxSecondsStop(completedIterations, stoppedAfter) : null;
        var (failure, message) = Classify(errorBlock, checkpoint, scfNotConverged, bandWarning);
        if (failure is null && (energy is null || forces is null || stress is null))
        {
            failure = FailureKind.OutputUnreadable;
            message = jobDone
                ? "pw.x finished but its output lacks the energy, forces or stress"
                : "pw.x output ends before the energy, forces and stress";
        }

        return new EspressoOutput(energy, forces, stress, iteration, failure, message, jobDone, ReadRunInfo(lines));
    }

    /// <summary>Reads and parses <paramref name="path"/>; a missing or unreadable file is <see cref="FailureKind.OutputUnreadable"/>.</summary>
    public static EspressoOutput ParseFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new EspressoOutput(null, null, null, null, FailureKind.OutputUnreadable, $"cannot read {path}: {e.Message}", false);
        }

        return Parse(text);
    }

    /// <summary>
    /// The <c>estimated scf accuracy</c> of each SCF iteration in <paramref name="text"/> (whole lines of a possibly
    /// partial output), in Ry, in order: how the SCF converges while pw.x runs.
    /// </summary>
    public static List<double> ScfAccuracies(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var accuracies = new List<double>();
        for (var at = text.IndexOf(AccuracyMarker, StringComparison.Ordinal); at >= 0; at = text.IndexOf(AccuracyMarker, at + AccuracyMarker.Length, StringComparison.Ordinal))
        {
            var end = text.IndexOf('\n', at);
            var tokens = Tokens(text[at..(end < 0 ? text.Length : end)].Trim());
            if (tokens.Length >= 2 && tokens[^1] == "Ry" && TryParseDouble(tokens[^2]) is double ry)
            {
                accuracies.Add(ry);
            }
        }

        return accuracies;
    }

    /// <summary>The last SCF iteration a (possibly partial) output has reached, or null before the first.</summary>
    public static int? LastScfIteration(string text)
    {
        var at = text.LastIndexOf("     " + IterationMarker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = text[(at + 5 + IterationMarker.Length)..];
        var digits = new string(rest.SkipWhile(c => c == ' ').TakeWhile(char.IsAsciiDigit).ToArray());
        return TryParseInt(digits);
    }

    /// <summary>The banner's program and version, each pseudopotential's path and MD5, the SCF's end and the PWSCF timing line.</summary>
    private static EspressoRunInfo ReadRunInfo(string[] lines)
    {
        string? program = null, version = null, pseudoPath = null, pseudoElement = null;
        int? iterations = null;
        double? accuracy = null, cpu = null, wall = null;
        var pseudopotentials = new List<(string, string, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (program is null && line.StartsWith("Program ", StringComparison.Ordinal) && line.Contains(" starts on ", StringComparison.Ordinal))
            {
                var tokens = Tokens(line);
                program = tokens[1];
                version = tokens.Length > 2 && tokens[2] != "starts" ? tokens[2] : null;
            }
            else if (line.StartsWith("PseudoPot. #", StringComparison.Ordinal) && line.EndsWith("read from file:", StringComparison.Ordinal) && i + 1 < lines.Length)
            {
                pseudoPath = lines[i + 1].Trim();
                pseudoElement = Tokens(line).ElementAtOrDefault(4) ?? "";
            }
            else if (line.StartsWith("MD5 check sum:", StringComparison.Ordinal) && pseudoPath is not null)
            {
                pseudopotentials.Add((pseudoElement ?? "", pseudoPath, line["MD5 check sum:".Length..].Trim().ToLowerInvariant()));
                pseudoPath = null;
            }
            else if (line.StartsWith("estimated scf accuracy", StringComparison.Ordinal))
            {
                var tokens = Tokens(line);
                accuracy = tokens.Length >= 2 && tokens[^1] == "Ry" ? TryParseDouble(tokens[^2]) ?? accuracy : accuracy;
            }
            else if (line.StartsWith("convergence has been achieved in", StringComparison.Ordinal))
            {
                iterations = TryParseInt(Tokens(line).ElementAtOrDefault(5)) ?? iterations;
            }
            else if (line.StartsWith("PWSCF ", StringComparison.Ordinal) && line.EndsWith("WALL", StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal))
            {
                var times = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
                var cpuAt = times.IndexOf("CPU", StringComparison.Ordinal);
                if (cpuAt > 0)
                {
                    cpu = ParseDuration(times[..cpuAt]);
                    wall = ParseDuration(times[(cpuAt + 3)..^4]);
                }
            }
        }

        return new EspressoRunInfo(program, version, pseudopotentials, iterations, accuracy, cpu, wall);
    }

    /// <summary>pw.x's clock format: <c>0.14s</c>, <c>1m30.00s</c>, <c>1h 2m</c> (spaces anywhere).</summary>
    private static double? ParseDuration(string text)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal);
        double total = 0;
        var number = new System.Text.StringBuilder();
        foreach (var c in compact)
        {
            if (char.IsAsciiDigit(c) || c == '.')
            {
                number.Append(c);
                continue;
            }

            if (TryParseDouble(number.ToString()) is not double value)
            {
                return null;
            }

            total += c switch { 'h' => value * 3600, 'm' => value * 60, 's' => value, _ => double.NaN };
            number.Clear();
        }

        return number.Length == 0 && double.IsFinite(total) && compact.Length > 0 ? total : null;
    }

    private static (FailureKind? Kind, string? Message) Classify(string? errorBlock, MaxSecondsStop? maxSecondsStop, bool scfNotConverged, string? bandWarning)
    {
        if (errorBlock is not null)
        {
            if (diagonalizationMessages.Any(m => errorBlock.Contains(m, StringComparison.OrdinalIgnoreCase)))
            {
                return (FailureKind.DiagonalizationFailed, errorBlock);
            }

            if (bandMessages.Any(m => errorBlock.Contains(m, StringComparison.OrdinalIgnoreCase)))
            {
                return (FailureKind.BandsTooFew, errorBlock);
            }

            if (inputRoutines.Any(r => errorBlock.StartsWith("Error in routine " + r, StringComparison.OrdinalIgnoreCase)))
            {
                return (FailureKind.InputError, errorBlock);
            }

            return (FailureKind.Crashed, errorBlock);
        }

        // pw.x stops itself cleanly at max_seconds; checked before the SCF because it is the cause.
        if (maxSecondsStop is { } stop)
        {
            return stop.MadeProgress
                ? (FailureKind.Checkpointed, $"Maximum CPU time exceeded (max_seconds reached): pw.x saved its state {stop.Where}")
                : (FailureKind.Timeout, "Maximum CPU time exceeded (max_seconds reached) before an SCF iteration was completed: " + EspressoCorrectionPolicy.NeedsLongerLimit);
        }

        if (scfNotConverged)
        {
            return (FailureKind.ScfNotConverged, "convergence NOT achieved");
        }

        if (bandWarning is not null)
        {
            return (FailureKind.BandsTooFew, bandWarning);
        }

        return (null, null);
    }

    /// <summary>
    /// How pw.x stopped at <c>max_seconds</c>: how many SCF iterations this run completed (each ends with its estimated
    /// accuracy; a run that resumed and stopped again before finishing one made no progress) and the iteration its
    /// saved state is at. Continuing only after progress means a piece that is too short fails instead of looping.
    /// </summary>
    private sealed record MaxSecondsStop(int CompletedIterations, int? StoppedAfter)
    {
        public bool MadeProgress => CompletedIterations > 0;

        public string Where => StoppedAfter is int after
            ? $"after SCF iteration {after.ToString(CultureInfo.InvariantCulture)}"
            : $"after {CompletedIterations.ToString(CultureInfo.InvariantCulture)} SCF iterations";
    }

    /// <summary>The message between the two <c>%%%%%</c> rules, on one line; leaves <paramref name="i"/> on the closing rule.</summary>
    private static string ReadErrorBlock(string[] lines, ref int i)
    {
        var message = new List<string>();
        for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("%%%%%", StringComparison.Ordinal); i++)
        {
            if (lines[i].Trim().Length > 0)
            {
                message.Add(lines[i].Trim());
            }
        }

        return message.Count > 0 ? string.Join(" ", message) : "pw.x error block without a message";
    }

    private static double? ParseEnergy(string line)
    {
        var tokens = Tokens(line);
        return tokens.Length >= 2 && TryParseDouble(tokens[^2]) is double ry ? ry * EspressoUnits.Rydberg : null;
    }

    private static double[][]? ParseForces(string[] lines, int marker, int atomCount)
    {
        // As ASE: before QE 5.3 a 'negative rho' note put two more lines before the forces.
        var first = marker + 2 < lines.Length && lines[marker + 2].Trim().Length == 0 ? marker + 4 : marker + 2;
        if (first + atomCount > lines.Length)
        {
            return null;
        }

        var forces = new double[atomCount][];
        for (var a = 0; a < atomCount; a++)
        {
            var tokens = Tokens(lines[first + a]);
            if (tokens.Length < 3)
            {
                return null;
            }

            forces[a] = new double[3];
            for (var k = 0; k < 3; k++)
            {
                if (TryParseDouble(tokens[tokens.Length - 3 + k]) is not double f)
                {
                    return null;
                }

                // Same order of operations as ASE (value * Ry / Bohr), so the last bits agree too.
                forces[a][k] = f * EspressoUnits.Rydberg / EspressoUnits.Bohr;
            }
        }

        return forces;
    }

    private static double[]? ParseStress(string[] lines, int marker)
    {
        if (marker + 3 >= lines.Length)
        {
            return null;
        }

        var row1 = Tokens(lines[marker + 1]);
        var row2 = Tokens(lines[marker + 2]);
        var row3 = Tokens(lines[marker + 3]);
        if (row1.Length < 3 || row2.Length < 3 || row3.Length < 3)
        {
            return null;
        }

        string[] voigt = [row1[0], row2[1], row3[2], row2[2], row1[2], row1[1]];
        // pw.x prints the pressure-like sign; ASE's is the opposite.
        var factor = -1 * EspressoUnits.Rydberg / (EspressoUnits.Bohr * EspressoUnits.Bohr * EspressoUnits.Bohr);
        var stress = new double[6];
        for (var k = 0; k < 6; k++)
        {
            if (TryParseDouble(voigt[k]) is not double s)
            {
                return null;
            }

            stress[k] = s * factor;
        }

        return stress;
    }

    private static string[] Tokens(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static double? TryParseDouble(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int? TryParseInt(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
