using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AutoPipe.Core.Input;
using AutoPipe.Core.Spec;

namespace AutoPipe.Worker.Calculators;

/// <summary>
/// Reads a worker's calculator allow-list:
/// <code>{ "calculators": { "NAME": { "kind": "mock" | "espresso", ... }, ... } }</code>
/// Each calculator object follows exactly the rules of a campaign spec's <c>calculator</c> object (it is read by
/// <see cref="CampaignSpecReader"/>); relative paths resolve against the config file's folder; every problem is
/// reported at once.
/// </summary>
public static partial class CalculatorConfigReader
{
    private const string CalculatorsField = "calculators";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex SafeName();

    /// <summary>Reads the config file at <paramref name="path"/>.</summary>
    public static IReadOnlyDictionary<string, CalculatorSpec> ReadFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the calculator config ({e.Message})", e);
        }

        return Read(text, Path.GetDirectoryName(fullPath)!, Path.GetFileName(fullPath));
    }

    /// <summary>Reads a config from <paramref name="json"/>; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static IReadOnlyDictionary<string, CalculatorSpec> Read(string json, string baseDirectory, string source)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject
                   ?? throw new InputException($"{source}: a calculator config is a JSON object with a \"{CalculatorsField}\" object");
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

        var result = new SortedDictionary<string, CalculatorSpec>(StringComparer.Ordinal);
        if (root[CalculatorsField] is not JsonObject calculators || calculators.Count == 0)
        {
            problems.Add($"{source}: {CalculatorsField}: is required: an object of at least one name -> calculator");
            throw new InputException(problems);
        }

        foreach (var (name, value) in calculators)
        {
            if (!SafeName().IsMatch(name))
            {
                problems.Add($"{source}: {CalculatorsField}.{name}: the name must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
                continue;
            }

            // A calculator is read as the calculator of a minimal campaign, so that the rules stay the campaign
            // spec's own; the structures file named here is never opened.
            var wrapper = new JsonObject
            {
                ["name"] = "worker-config",
                ["structures"] = "unused.extxyz",
                ["calculator"] = value?.DeepClone(),
            };
            try
            {
                result[name] = CampaignSpecReader.Read(wrapper.ToJsonString(), baseDirectory, source).Calculator;
            }
            catch (InputException e)
            {
                problems.AddRange(e.Problems.Select(p => p.Replace($"{source}: calculator", $"{source}: {CalculatorsField}.{name}", StringComparison.Ordinal)));
            }
        }

        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        return result;
    }
}
