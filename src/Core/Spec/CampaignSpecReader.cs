using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoPipe.Core.Input;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Spec;

/// <summary>
/// Reads and validates a campaign spec (JSON). Every problem is reported at once, each naming the field;
/// relative paths are resolved against the spec file's own folder.
/// </summary>
public static partial class CampaignSpecReader
{
    /// <summary>Largest campaign accepted from <c>jobs.count</c>.</summary>
    public const int MaxJobCount = 10_000_000;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex SafeName();

    /// <summary>Reads the spec file at <paramref name="path"/>.</summary>
    public static CampaignSpec ReadFile(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new InputException($"{path}: campaign spec not found");
        }

        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (IOException e)
        {
            throw new InputException($"{path}: cannot read the campaign spec ({e.Message})", e);
        }

        return Read(text, System.IO.Path.GetDirectoryName(fullPath)!, System.IO.Path.GetFileName(fullPath));
    }

    /// <summary>Reads a spec from <paramref name="json"/>; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static CampaignSpec Read(string json, string baseDirectory, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new InputException($"{source}: not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{source}: a campaign spec is a JSON object, got {SpecFieldReader.Describe(document.RootElement)}");
            }

            var problems = new List<string>();
            var spec = ReadRoot(new SpecFieldReader(document.RootElement, "", problems), baseDirectory);
            if (problems.Count > 0 || spec == null)
            {
                throw new InputException(problems.Select(p => $"{source}: {p}").ToList());
            }

            return spec;
        }
    }

    private static CampaignSpec? ReadRoot(SpecFieldReader root, string baseDirectory)
    {
        var name = root.String("name", required: true);
        if (name != null && !SafeName().IsMatch(name))
        {
            root.Problem("name", $"'{name}' must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        var workers = root.Integer("workers", min: 1, max: 4096) ?? 1;
        var structures = root.String("structures");
        var jobs = root.Object("jobs");
        var count = jobs?.Integer("count", min: 1, max: MaxJobCount);
        if (jobs != null && count == null && !jobs.TryGet("count", out _))
        {
            jobs.Problem("count", "is required");
        }

        jobs?.RejectUnknown();
        if (structures == null && jobs == null)
        {
            root.Problem("structures", "is required (an extxyz file), unless jobs.count asks for generated mock structures");
        }
        else if (structures != null && jobs != null)
        {
            root.Problem("jobs", "cannot be combined with structures: the jobs are the frames of the structures file");
        }

        var calculator = ReadCalculator(root, baseDirectory);
        if (calculator is EspressoCalculatorSpec && structures == null && jobs != null)
        {
            root.Problem("structures", "is required by the espresso calculator (generated structures are for the mock only)");
        }

        var retry = ReadRetry(root);
        var executor = ExecutorSpecReader.Read(root);
        root.RejectUnknown();
        if (name == null || calculator == null)
        {
            return null;
        }

        var structuresPath = structures == null ? null : System.IO.Path.GetFullPath(structures, baseDirectory);
        return new CampaignSpec(name, workers, structuresPath, structures == null ? count : null, calculator, retry)
        {
            Executor = executor ?? LocalExecutorSpec.Instance,
        };
    }

    private static RetryOptions ReadRetry(SpecFieldReader root)
    {
        var retry = root.Object("retry");
        if (retry == null)
        {
            return new RetryOptions();
        }

        var options = new RetryOptions(
            retry.Integer("maxAttempts", min: 1, max: RetryOptions.Limit) ?? RetryOptions.DefaultMaxAttempts,
            retry.Number("initialIntervalSeconds", min: 0) ?? RetryOptions.DefaultInitialIntervalSeconds,
            retry.Number("backoffCoefficient", min: 1) ?? RetryOptions.DefaultBackoffCoefficient,
            retry.Number("maximumIntervalSeconds", min: 0) ?? RetryOptions.DefaultMaximumIntervalSeconds,
            retry.Integer("learnAfter", min: 0, max: RetryOptions.Limit) ?? RetryOptions.DefaultLearnAfter);
        if (retry.TryGet("maximumIntervalSeconds", out _) && options.MaximumIntervalSeconds < options.InitialIntervalSeconds)
        {
            retry.Problem("maximumIntervalSeconds", $"must not be below initialIntervalSeconds ({options.InitialIntervalSeconds})");
        }

        retry.RejectUnknown();
        return options;
    }

    private static CalculatorSpec? ReadCalculator(SpecFieldReader root, string baseDirectory)
    {
        var calculator = root.Object("calculator", required: true);
        if (calculator == null)
        {
            return null;
        }

        var kind = calculator.String("kind", required: true);
        CalculatorSpec? spec = kind switch
        {
            null => null,
            MockCalculatorSpec.KindName => ReadMock(calculator),
            EspressoCalculatorSpec.KindName => ReadEspresso(calculator, baseDirectory),
            _ => Unknown(calculator, kind),
        };
        if (kind is MockCalculatorSpec.KindName or EspressoCalculatorSpec.KindName)
        {
            calculator.RejectUnknown();
        }

        return spec;
    }

    private static CalculatorSpec? Unknown(SpecFieldReader calculator, string kind)
    {
        calculator.Problem("kind", $"unknown calculator '{kind}' (known: {MockCalculatorSpec.KindName}, {EspressoCalculatorSpec.KindName})");
        return null;
    }

    private static MockCalculatorSpec ReadMock(SpecFieldReader calculator)
    {
        var seconds = calculator.Number("seconds", min: 0) ?? 0;
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        var failFirst = calculator.Object("failFirstAttempts");
        if (failFirst != null)
        {
            foreach (var property in failFirst.Properties())
            {
                var count = failFirst.Integer(property.Name, min: 0);
                if (count != null)
                {
                    failures[property.Name] = count.Value;
                }
            }
        }

        return new MockCalculatorSpec(seconds, failures);
    }

    private static EspressoCalculatorSpec ReadEspresso(SpecFieldReader calculator, string baseDirectory)
    {
        var command = calculator.String("command") ?? "pw.x";
        if (string.IsNullOrWhiteSpace(command))
        {
            calculator.Problem("command", "must name the pw.x command line, e.g. \"pw.x\" or \"mpirun -np 2 pw.x\"");
        }

        var pseudoDir = System.IO.Path.GetFullPath(calculator.String("pseudoDir") ?? ".", baseDirectory);
        var pseudopotentials = new Dictionary<string, string>(StringComparer.Ordinal);
        var pseudos = calculator.Object("pseudopotentials", required: true);
        foreach (var property in pseudos?.Properties() ?? [])
        {
            if (!ChemicalElements.TryGetNumber(property.Name, out _))
            {
                pseudos!.Problem(property.Name, "is not a chemical element symbol");
            }

            var file = pseudos!.String(property.Name);
            if (file != null)
            {
                pseudopotentials[property.Name] = file;
            }
        }

        var parameters = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        var parameterReader = calculator.Object("parameters");
        foreach (var property in parameterReader?.Properties() ?? [])
        {
            if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
            {
                parameterReader!.Problem(property.Name, $"must be a number, string or boolean (a flat pw.x keyword), got {SpecFieldReader.Describe(property.Value)}");
                continue;
            }

            parameters[property.Name] = JsonNode.Parse(property.Value.GetRawText())!;
        }

        int[]? kpts = null;
        if (calculator.TryGet("kpts", out var kptsElement))
        {
            if (kptsElement.ValueKind != JsonValueKind.Array || kptsElement.GetArrayLength() != 3
                || kptsElement.EnumerateArray().Any(k => k.ValueKind != JsonValueKind.Number || !k.TryGetInt32(out var n) || n < 1))
            {
                calculator.Problem("kpts", "must be three positive whole numbers, e.g. [4, 4, 4]");
            }
            else
            {
                kpts = kptsElement.EnumerateArray().Select(k => k.GetInt32()).ToArray();
            }
        }

        var timeout = calculator.Number("timeoutSeconds", min: 0, exclusiveMin: true) ?? EspressoCalculatorSpec.DefaultTimeoutSeconds;
        return new EspressoCalculatorSpec(command, pseudoDir, pseudopotentials, parameters, kpts, timeout);
    }
}
