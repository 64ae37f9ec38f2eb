using System.Text.Json;
using System.Text.Json.Nodes;
using AutoPipe.Core.Input;
using AutoPipe.Core.Json;
using AutoPipe.Core.Spec;

namespace AutoPipe.Worker.Calculators;

/// <summary>
/// The campaign's calculator object as it travels to the workers (the spec's <c>calculator</c> without
/// <c>command</c> and <c>pseudoDir</c>, which only a worker's allow-list decides), and how a worker turns it, with its
/// own <see cref="CalculatorGrant"/>, into the calculator spec it runs, by the campaign spec's own rules.
/// </summary>
public static class CampaignCalculatorSettings
{
    /// <summary>The fields only a worker's allow-list decides: a campaign can choose physics, never a program.</summary>
    public static IReadOnlyList<string> WorkerOnlyFields { get; } = ["command", "pseudoDir"];

    /// <summary>The settings that travel with a campaign whose spec has <paramref name="calculator"/>.</summary>
    public static JsonObject FromSpec(CalculatorSpec calculator)
    {
        var settings = CampaignSpecJson.Calculator(calculator);
        foreach (var field in WorkerOnlyFields)
        {
            settings.Remove(field);
        }

        return settings;
    }

    /// <summary>
    /// The calculator spec that runs <paramref name="settings"/> under <paramref name="grant"/> (entry
    /// <paramref name="name"/> of worker <paramref name="worker"/>). Null settings mean the kind's defaults. Throws
    /// <see cref="InputException"/> listing every refused field, each naming the field and the worker.
    /// </summary>
    public static CalculatorSpec Resolve(string name, CalculatorGrant grant, JsonObject? settings, string worker)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var where = $"worker {worker}, allow-list entry '{name}'";
        var problems = new List<string>();
        var json = settings?.DeepClone().AsObject() ?? [];
        foreach (var field in WorkerOnlyFields.Where(json.ContainsKey))
        {
            problems.Add($"calculator.{field}: a campaign cannot choose it; {where} decides it");
        }

        if (json["kind"] is { } kind && (kind.GetValueKind() != JsonValueKind.String || kind.GetValue<string>() != grant.Kind))
        {
            problems.Add($"calculator.kind: the campaign asks for {kind.ToJsonString()}, but {where} runs '{grant.Kind}'");
        }

        CheckPseudopotentials(json, grant, where, problems);
        if (grant.MaxTimeoutSeconds is { } cap && json["timeoutSeconds"] is { } timeout
            && JsonNumbers.TryGetDouble(timeout, out var seconds) && seconds > cap)
        {
            problems.Add($"calculator.timeoutSeconds: {timeout.ToJsonString()} s exceeds the cap of {where}: {AllowListReader.Seconds(cap)} s");
        }

        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        foreach (var field in WorkerOnlyFields)
        {
            json.Remove(field);
        }

        json["kind"] = grant.Kind;
        if (grant.Command != null)
        {
            json["command"] = grant.Command;
        }

        if (grant.PseudoDir != null)
        {
            json["pseudoDir"] = grant.PseudoDir;
        }

        // Read as the calculator of a minimal campaign, so the rules stay the spec's own; no file is opened.
        var wrapper = new JsonObject { ["name"] = "campaign", ["structures"] = "unused.extxyz", ["calculator"] = json };
        const string source = "campaign settings";
        try
        {
            return CampaignSpecReader.Read(wrapper.ToJsonString(), grant.PseudoDir ?? Path.GetTempPath(), source).Calculator;
        }
        catch (InputException e)
        {
            throw new InputException(e.Problems.Select(p => $"{p.Replace($"{source}: ", "", StringComparison.Ordinal)} ({where})").ToList());
        }
    }

    private static void CheckPseudopotentials(JsonObject json, CalculatorGrant grant, string where, List<string> problems)
    {
        if (json["pseudopotentials"] is not JsonObject pseudos)
        {
            return;
        }

        foreach (var (element, value) in pseudos)
        {
            if (value is null || value.GetValueKind() != JsonValueKind.String)
            {
                continue; // The spec's rules report the type.
            }

            var file = value.GetValue<string>();
            if (file.Length == 0 || file is "." or ".." || file.IndexOfAny(['/', '\\']) >= 0)
            {
                problems.Add($"calculator.pseudopotentials.{element}: '{file}' must be a plain file name inside the pseudopotential folder of {where}");
            }
            else if (grant.PseudoDir != null && !File.Exists(Path.Combine(grant.PseudoDir, file)))
            {
                problems.Add($"calculator.pseudopotentials.{element}: {file} is not in {grant.PseudoDir}, the pseudopotential folder of {where}");
            }
        }
    }
}
