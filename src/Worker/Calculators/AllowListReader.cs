using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoPipe.Core.Input;
using AutoPipe.Core.Json;
using AutoPipe.Core.Spec;

namespace AutoPipe.Worker.Calculators;

/// <summary>
/// Reads a worker's calculator allow-list:
/// <code>{ "calculators": { "mock": {"kind": "mock"}, "qe": {"kind": "espresso", "command": "pw.x", "pseudoDir": "/opt/pseudo"} } }</code>
/// An entry grants only what belongs to the machine: <c>kind</c>, <c>command</c> (espresso; default <c>pw.x</c>),
/// <c>pseudoDir</c> (espresso; required, must exist) and an optional <c>maxTimeoutSeconds</c> cap. Everything else
/// (parameters, k-points, pseudopotential file names, time limits, the mock's seconds) comes from the campaign.
/// Relative paths resolve against the file's folder; every problem is reported at once.
/// </summary>
public static partial class AllowListReader
{
    private const string CalculatorsField = "calculators";

    private static readonly string[] GrantFields = ["kind", "command", "pseudoDir", "maxTimeoutSeconds"];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex SafeName();

    /// <summary>Reads the allow-list file at <paramref name="path"/>.</summary>
    public static IReadOnlyDictionary<string, CalculatorGrant> ReadFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the calculator allow-list ({e.Message})", e);
        }

        return Read(text, Path.GetDirectoryName(fullPath)!, Path.GetFileName(fullPath));
    }

    /// <summary>Reads an allow-list from <paramref name="json"/>; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static IReadOnlyDictionary<string, CalculatorGrant> Read(string json, string baseDirectory, string source)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject
                   ?? throw new InputException($"{source}: a calculator allow-list is a JSON object with a \"{CalculatorsField}\" object");
        }
        catch (JsonException e)
        {
            throw new InputException($"{source}: not valid JSON: {e.Message}", e);
        }

        var problems = new List<string>();
        foreach (var unknown in root.Select(p => p.Key).Where(k => k != CalculatorsField))
        {
            problems.Add($"{source}: {unknown}: unknown field (known: {CalculatorsField})");
        }

        if (root[CalculatorsField] is not JsonObject calculators || calculators.Count == 0)
        {
            problems.Add($"{source}: {CalculatorsField}: is required: an object of at least one name -> {{\"kind\": ...}}");
            throw new InputException(problems);
        }

        var grants = new SortedDictionary<string, CalculatorGrant>(StringComparer.Ordinal);
        foreach (var (name, value) in calculators)
        {
            var field = $"{source}: {CalculatorsField}.{name}";
            if (!SafeName().IsMatch(name))
            {
                problems.Add($"{field}: the name must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
                continue;
            }

            if (value is not JsonObject entry)
            {
                problems.Add($"{field}: must be an object such as {{\"kind\": \"mock\"}}");
                continue;
            }

            if (ReadGrant(entry, field, baseDirectory, problems) is { } grant)
            {
                grants[name] = grant;
            }
        }

        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        return grants;
    }

    private static CalculatorGrant? ReadGrant(JsonObject entry, string field, string baseDirectory, List<string> problems)
    {
        foreach (var key in entry.Select(p => p.Key).Where(k => !GrantFields.Contains(k, StringComparer.Ordinal)))
        {
            problems.Add(
                $"{field}.{key}: unknown field: an allow-list grants only {string.Join(", ", GrantFields)}; the calculator's settings " +
                "(parameters, kpts, pseudopotentials, timeoutSeconds, seconds, failFirstAttempts) come with the campaign");
        }

        var kind = Text(entry, "kind", field, problems);
        if (kind == null)
        {
            problems.Add($"{field}.kind: is required (\"{MockCalculatorSpec.KindName}\" or \"{EspressoCalculatorSpec.KindName}\")");
            return null;
        }

        var command = Text(entry, "command", field, problems);
        var pseudoDir = Text(entry, "pseudoDir", field, problems);
        double? maxTimeout = null;
        if (entry["maxTimeoutSeconds"] is { } cap)
        {
            if (JsonNumbers.TryGetDouble(cap, out var seconds) && seconds > 0)
            {
                maxTimeout = seconds;
            }
            else
            {
                problems.Add($"{field}.maxTimeoutSeconds: must be a positive number of seconds, got {cap.ToJsonString()}");
            }
        }

        if (kind == EspressoCalculatorSpec.KindName)
        {
            command ??= "pw.x";
            if (pseudoDir == null)
            {
                problems.Add($"{field}.pseudoDir: is required: the folder of this machine's pseudopotential library, e.g. \"/opt/pseudo\"");
                return null;
            }

            pseudoDir = Path.GetFullPath(pseudoDir, baseDirectory);
            if (!Directory.Exists(pseudoDir))
            {
                problems.Add($"{field}.pseudoDir: {pseudoDir} does not exist");
            }
        }
        else if (kind == MockCalculatorSpec.KindName && (command != null || pseudoDir != null))
        {
            problems.Add($"{field}: the mock runs no command and reads no pseudopotentials; give only \"kind\"");
        }

        return new CalculatorGrant(kind, command, pseudoDir == null ? null : Path.GetFullPath(pseudoDir, baseDirectory), maxTimeout);
    }

    private static string? Text(JsonObject entry, string key, string field, List<string> problems)
    {
        if (entry[key] is not { } node)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.String && node.GetValue<string>() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        problems.Add($"{field}.{key}: must be a non-empty string, got {node.ToJsonString()}");
        return null;
    }

    /// <summary>Formats a number of seconds for messages.</summary>
    internal static string Seconds(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
