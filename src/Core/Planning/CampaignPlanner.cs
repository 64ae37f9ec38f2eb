using System.Text.Json.Nodes;
using AutoPipe.Core.Input;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Planning;

/// <summary>
/// Turns a spec into a plan: reads the structures, assigns job ids, and checks everything that involves both
/// (duplicate ids, jobs named by the mock's failFirstAttempts, pseudopotentials for every element) before any
/// file is written.
/// </summary>
public static class CampaignPlanner
{
    /// <summary>The frame info key that names a job.</summary>
    public const string JobIdInfoKey = "job_id";

    /// <summary>Builds the plan of <paramref name="spec"/>.</summary>
    public static CampaignPlan Plan(CampaignSpec spec)
    {
        var jobs = spec.StructuresPath != null
            ? PlanFrames(ExtxyzReader.ReadFile(spec.StructuresPath), Path.GetFileName(spec.StructuresPath))
            : Enumerable.Range(1, spec.JobCount!.Value).Select(i => new PlannedJob(i, JobIds.Generated(i, spec.JobCount.Value), null)).ToList();
        var problems = new List<string>();
        CheckCalculator(spec, jobs, problems);
        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        return new CampaignPlan(spec, jobs);
    }

    private static List<PlannedJob> PlanFrames(IReadOnlyList<Structure> frames, string source)
    {
        var problems = new List<string>();
        var jobs = new List<PlannedJob>(frames.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < frames.Count; i++)
        {
            var given = frames[i].FindInfo(JobIdInfoKey);
            string id;
            if (given == null)
            {
                id = JobIds.Generated(i + 1, frames.Count);
            }
            else if (given is JsonValue value && value.TryGetValue<string>(out var text))
            {
                id = text;
                if (JobIds.Problem(id) is { } problem)
                {
                    problems.Add($"{source}: frame {i + 1}: {problem}");
                    continue;
                }
            }
            else
            {
                problems.Add($"{source}: frame {i + 1}: job_id must be a text such as job_id=si-0001, got {given.ToJsonString()}");
                continue;
            }

            if (seen.TryGetValue(id, out var first))
            {
                problems.Add($"{source}: frame {i + 1}: job id '{id}' is already used by frame {first}; job ids must be unique");
                continue;
            }

            seen[id] = i + 1;
            jobs.Add(new PlannedJob(i + 1, id, frames[i]));
        }

        if (problems.Count > 0)
        {
            throw new InputException(problems);
        }

        return jobs;
    }

    private static void CheckCalculator(CampaignSpec spec, List<PlannedJob> jobs, List<string> problems)
    {
        switch (spec.Calculator)
        {
            case MockCalculatorSpec mock:
                var ids = jobs.Select(j => j.JobId).ToHashSet(StringComparer.Ordinal);
                problems.AddRange(mock.FailFirstAttempts.Keys
                    .Where(id => !ids.Contains(id))
                    .Select(id => $"calculator.failFirstAttempts.{id}: no job has this id (ids run {jobs[0].JobId} .. {jobs[^1].JobId})"));
                break;
            case EspressoCalculatorSpec espresso:
                var elements = jobs.SelectMany(j => j.Structure!.Symbols).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
                foreach (var element in elements)
                {
                    if (!espresso.Pseudopotentials.TryGetValue(element, out var file))
                    {
                        problems.Add($"calculator.pseudopotentials: no pseudopotential for {element}, which the structures contain");
                    }
                    else if (!File.Exists(Path.Combine(espresso.PseudoDir, file)))
                    {
                        problems.Add($"calculator.pseudopotentials.{element}: file {Path.Combine(espresso.PseudoDir, file)} not found");
                    }
                }

                break;
        }
    }
}
