using System.Text.Json.Nodes;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;

namespace AutoPipe.Core.Runtime;

/// <summary>The calculator parameters a job's next attempt runs with: the corrected ones, else the spec's.</summary>
public static class JobParameters
{
    /// <summary>The parameters of <paramref name="calculator"/> as the spec gives them.</summary>
    public static Dictionary<string, JsonNode> Defaults(CalculatorSpec calculator) => calculator switch
    {
        EspressoCalculatorSpec espresso => espresso.Parameters.ToDictionary(p => p.Key, p => p.Value.DeepClone(), StringComparer.Ordinal),
        _ => new Dictionary<string, JsonNode>(StringComparer.Ordinal),
    };

    /// <summary>The parameters of <paramref name="job"/>'s next attempt.</summary>
    public static Dictionary<string, JsonNode> Current(JobRecord job, CalculatorSpec calculator) =>
        job.ParametersJson == null
            ? Defaults(calculator)
            : JsonNode.Parse(job.ParametersJson)!.AsObject().ToDictionary(p => p.Key, p => p.Value!.DeepClone(), StringComparer.Ordinal);

    /// <summary>Serializes parameters for the journal.</summary>
    public static string Serialize(IReadOnlyDictionary<string, JsonNode> parameters)
    {
        var json = new JsonObject();
        foreach (var (key, value) in parameters)
        {
            json[key] = value.DeepClone();
        }

        return json.ToJsonString();
    }
}
