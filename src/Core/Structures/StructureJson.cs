using System.Text.Json.Nodes;

namespace AutoPipe.Core.Structures;

/// <summary>
/// A structure as compact JSON (numbers, positions, cell, pbc, info, arrays); doubles round-trip exactly. Used to
/// freeze the campaign's structures into the journal and to carry them in Temporal payloads.
/// </summary>
public static class StructureJson
{
    /// <summary>Serializes <paramref name="structure"/>.</summary>
    public static string Write(Structure structure)
    {
        var json = new JsonObject
        {
            ["numbers"] = new JsonArray(structure.Numbers.Select(n => (JsonNode?)n).ToArray()),
            ["positions"] = Matrix(structure.Positions),
            ["cell"] = Matrix(structure.Cell),
            ["pbc"] = new JsonArray(structure.Pbc.Select(p => (JsonNode?)p).ToArray()),
        };
        if (structure.Info.Count > 0)
        {
            json["info"] = Pairs(structure.Info);
        }

        if (structure.Arrays.Count > 0)
        {
            json["arrays"] = Pairs(structure.Arrays);
        }

        return json.ToJsonString();
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static Structure Read(string text)
    {
        var json = JsonNode.Parse(text)!.AsObject();
        return new Structure(
            json["numbers"]!.AsArray().Select(n => n!.GetValue<int>()).ToArray(),
            ReadMatrix(json["positions"]!),
            ReadMatrix(json["cell"]!),
            json["pbc"]!.AsArray().Select(p => p!.GetValue<bool>()).ToArray(),
            ReadPairs(json["info"]),
            ReadPairs(json["arrays"]));
    }

    private static JsonArray Matrix(IEnumerable<double[]> rows) =>
        new(rows.Select(r => (JsonNode?)new JsonArray(r.Select(v => (JsonNode?)v).ToArray())).ToArray());

    private static double[][] ReadMatrix(JsonNode node) =>
        node.AsArray().Select(r => r!.AsArray().Select(v => v!.GetValue<double>()).ToArray()).ToArray();

    private static JsonObject Pairs(IEnumerable<KeyValuePair<string, JsonNode?>> pairs)
    {
        var json = new JsonObject();
        foreach (var (key, value) in pairs)
        {
            json[key] = value?.DeepClone();
        }

        return json;
    }

    private static List<KeyValuePair<string, JsonNode?>> ReadPairs(JsonNode? node) =>
        node?.AsObject().Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone())).ToList() ?? [];
}
