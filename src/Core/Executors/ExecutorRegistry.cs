using AutoPipe.Core.Executors.Slurm;
using AutoPipe.Core.Input;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Workspace;
using Serilog;

namespace AutoPipe.Core.Executors;

/// <summary>Turns an executor spec into the executor that runs a campaign's commands.</summary>
public static class ExecutorRegistry
{
    /// <summary>The executor of <paramref name="spec"/>'s campaign in <paramref name="workdir"/>; dispose it when the run ends.</summary>
    public static ICommandExecutor Create(CampaignSpec spec, Workdir workdir, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Executor switch
        {
            SlurmExecutorSpec slurm => new SlurmExecutor(slurm, spec.Name, workdir, time, log),
            _ => new LocalExecutor(time),
        };
    }

    /// <summary>
    /// Refuses, as bad input naming the field, an executor whose tools this machine lacks (sbatch for slurm). Checked
    /// when a run starts or resumes, not when a spec is read, so status and report work anywhere.
    /// </summary>
    public static void RequireTools(CampaignSpec spec, string source)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Executor is SlurmExecutorSpec && SlurmCommands.Find(SlurmCommands.Sbatch) == null)
        {
            throw new InputException(
                $"{source}: executor.kind: slurm needs Slurm's sbatch, squeue and scancel on PATH, and sbatch was not found (run the manager on a login node of the cluster)");
        }
    }

    /// <summary>How many calculations the embedded runtime keeps going at once under <paramref name="spec"/>'s executor.</summary>
    public static int Concurrency(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // With groupSize, maxSubmitted Slurm jobs hold groupSize calculations each.
        return spec.Executor is SlurmExecutorSpec slurm ? (int)Math.Min(100_000, (long)slurm.MaxSubmitted * slurm.GroupSize) : spec.Workers;
    }
}
