using System.Text.Json.Nodes;

namespace AutoPipe.Core.Spec;

/// <summary>
/// The canonical JSON of a validated spec: every field written, defaults filled in, paths absolute, fixed order.
/// Two specs mean the same campaign exactly when their canonical texts are equal; the text is itself a valid spec
/// (it is what <c>campaign.json</c> freezes and what a resume without a spec file runs).
/// </summary>
public static class CampaignSpecJson
{
    /// <summary>The canonical JSON object of <paramref name="spec"/>.</summary>
    public static JsonObject Write(CampaignSpec spec)
    {
        var json = new JsonObject
        {
            ["name"] = spec.Name,
            ["workers"] = spec.Workers,
        };
        if (spec.StructuresPath != null)
        {
            json["structures"] = spec.StructuresPath;
        }
        else
        {
            json["jobs"] = new JsonObject { ["count"] = spec.JobCount };
        }

        json["calculator"] = Calculator(spec.Calculator);
        json["retry"] = new JsonObject
        {
            ["maxAttempts"] = spec.Retry.MaxAttempts,
            ["initialIntervalSeconds"] = spec.Retry.InitialIntervalSeconds,
            ["backoffCoefficient"] = spec.Retry.BackoffCoefficient,
            ["maximumIntervalSeconds"] = spec.Retry.MaximumIntervalSeconds,
        };

        // The local default is left out, so the canonical text of every campaign frozen before executors existed is unchanged.
        if (spec.Executor is SlurmExecutorSpec slurm)
        {
            json["executor"] = Slurm(slurm);
        }

        return json;
    }

    /// <summary>The canonical JSON of a calculator spec.</summary>
    public static JsonObject Calculator(CalculatorSpec calculator) => calculator switch
    {
        MockCalculatorSpec mock => new JsonObject
        {
            ["kind"] = mock.Kind,
            ["seconds"] = mock.Seconds,
            ["failFirstAttempts"] = Sorted(mock.FailFirstAttempts.ToDictionary(p => p.Key, p => (JsonNode)p.Value)),
        },
        EspressoCalculatorSpec espresso => new JsonObject
        {
            ["kind"] = espresso.Kind,
            ["command"] = espresso.Command,
            ["pseudoDir"] = espresso.PseudoDir,
            ["pseudopotentials"] = Sorted(espresso.Pseudopotentials.ToDictionary(p => p.Key, p => (JsonNode)p.Value)),
            ["parameters"] = Sorted(espresso.Parameters),
            ["kpts"] = espresso.Kpts == null ? null : new JsonArray(espresso.Kpts.Select(k => (JsonNode?)k).ToArray()),
            ["timeoutSeconds"] = espresso.TimeoutSeconds,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(calculator), calculator.Kind, "unknown calculator kind"),
    };

    private static JsonObject Slurm(SlurmExecutorSpec slurm) => new()
    {
        ["kind"] = slurm.Kind,
        ["partition"] = slurm.Partition,
        ["account"] = slurm.Account,
        ["qos"] = slurm.Qos,
        ["timeLimit"] = slurm.TimeLimit,
        ["nodes"] = slurm.Nodes,
        ["ntasks"] = slurm.Ntasks,
        ["cpusPerTask"] = slurm.CpusPerTask,
        ["memory"] = slurm.Memory,
        ["extraOptions"] = new JsonArray(slurm.ExtraOptions.Select(o => (JsonNode?)o).ToArray()),
        ["maxSubmitted"] = slurm.MaxSubmitted,
        ["pollSeconds"] = slurm.PollSeconds,
        ["groupSize"] = slurm.GroupSize,
    };

    private static JsonObject Sorted(IReadOnlyDictionary<string, JsonNode> values)
    {
        var json = new JsonObject();
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json[key] = value.DeepClone();
        }

        return json;
    }
}
