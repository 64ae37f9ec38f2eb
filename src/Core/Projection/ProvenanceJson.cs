using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Storage;

namespace AutoPipe.Core.Projection;

/// <summary>
/// A row's <c>data["provenance"]</c>: code, version, pseudopotentials (file, MD5, whether it matched the file), wall and
/// CPU time, SCF iterations and final accuracy, host, and the job's attempts with their corrections and failures.
/// Snake-case keys, as ASE's own data dictionaries use.
/// </summary>
public static class ProvenanceJson
{
    /// <summary>Describes <paramref name="provenance"/> (null for a result that carries none) and <paramref name="job"/>'s attempts.</summary>
    public static JsonObject Describe(CalculationProvenance? provenance, JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var json = new JsonObject();
        if (provenance is not null)
        {
            json["code"] = provenance.Code;
            Add(json, "version", provenance.Version);
            Add(json, "host", provenance.Host);
            Add(json, "wall_time_s", provenance.WallSeconds);
            Add(json, "cpu_time_s", provenance.CpuSeconds);
            Add(json, "scf_iterations", provenance.ScfIterations);
            Add(json, "scf_accuracy_ry", provenance.ScfAccuracyRy);
            if (provenance.Pseudopotentials is { Count: > 0 } pseudopotentials)
            {
                json["pseudopotentials"] = new JsonArray(pseudopotentials.Select(p => (JsonNode?)new JsonObject
                {
                    ["element"] = p.Element,
                    ["file"] = p.File,
                    ["md5"] = p.Md5,
                    ["md5_verified"] = p.Md5Verified,
                }).ToArray());
            }
        }

        json["attempts"] = job.Attempts;
        json["corrections"] = new JsonArray(job.Corrections.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        json["failures"] = new JsonArray(job.Failures.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        return json;
    }

    // One overload per type, not a generic JsonValue.Create<T>: that one goes through the reflection-based serializer,
    // whose first use costs the first result about a tenth of a second (its converters, emitted accessors).
    private static void Add(JsonObject json, string key, string? value)
    {
        if (value is not null)
        {
            json[key] = value;
        }
    }

    private static void Add(JsonObject json, string key, double? value)
    {
        if (value is { } number)
        {
            json[key] = number;
        }
    }

    private static void Add(JsonObject json, string key, int? value)
    {
        if (value is { } number)
        {
            json[key] = number;
        }
    }
}
