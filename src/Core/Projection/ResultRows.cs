using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Storage;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Projection;

/// <summary>
/// Builds a job's ASE row the same way on every runtime: keys <c>job_id</c>, <c>campaign</c>, <c>attempts</c>
/// (and <c>corrections</c> when any were applied, <c>learned</c> when it started with learned corrections), then the
/// frame's info keys; <c>data["provenance"]</c> says which code computed it, with which pseudopotentials, at what
/// cost, where, and after which attempts.
/// </summary>
public static class ResultRows
{
    /// <summary>The row of <paramref name="job"/>'s result.</summary>
    public static AseRow Build(CampaignSpec spec, JobRecord job, Structure structure, CalculationResult result)
    {
        var own = new List<KeyValuePair<string, JsonNode>>
        {
            new("job_id", JsonValue.Create(job.JobId)),
            new("campaign", JsonValue.Create(spec.Name)),
            new("attempts", JsonValue.Create(job.Attempts)),
        };
        var data = new JsonObject();
        if (job.Corrections.Count > 0)
        {
            own.Add(new("corrections", JsonValue.Create(string.Join("; ", job.Corrections))));
            data["corrections"] = new JsonArray(job.Corrections.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        }

        if (job.Learned.Count > 0)
        {
            // What the campaign had learned when this calculation started, and from which calculations.
            own.Add(new("learned", JsonValue.Create(string.Join("; ", job.Learned))));
            data["learned"] = new JsonArray(job.Learned.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        }

        if (job.Failures.Count > 0)
        {
            data["failures"] = new JsonArray(job.Failures.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        }

        if (structure.Arrays.Count > 0)
        {
            var arrays = new JsonObject();
            foreach (var (name, values) in structure.Arrays)
            {
                arrays[name] = values?.DeepClone();
            }

            data["arrays"] = arrays;
        }

        data["provenance"] = ProvenanceJson.Describe(result.Provenance, job);
        var pairs = AseKeyValues.Build(own, structure.Info, data);
        return new AseRow(AseDatabase.UniqueIdFor(spec.Name, job.JobId), structure, result, pairs, data);
    }
}
