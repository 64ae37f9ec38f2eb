using System.Globalization;
using System.Text;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Executors.Slurm;

/// <summary>Writes the batch script of one attempt: <c>#SBATCH</c> options from the executor spec, then the command.</summary>
public static class SlurmBatchScript
{
    /// <summary>The script of one attempt.</summary>
    public static string Write(SlurmExecutorSpec spec, string jobName, string campaign, CommandRequest request, SlurmAttemptFiles files)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(files);
        return Write(spec, jobName, campaign, [(request, files)]);
    }

    /// <summary>
    /// The script of a group of attempts (<c>groupSize</c>), run one after another inside one Slurm job, each in its
    /// own folder with its own exit code and times; Slurm's options and output go with the first.
    /// </summary>
    public static string Write(SlurmExecutorSpec spec, string jobName, string campaign, IReadOnlyList<(CommandRequest Request, SlurmAttemptFiles Files)> members)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(members);
        var first = members[0];
        var script = new StringBuilder();
        script.Append("#!/bin/bash\n");
        if (members.Count == 1)
        {
            script.Append(CultureInfo.InvariantCulture, $"# AutoPipe campaign {campaign}, job {first.Request.JobId}, attempt {first.Request.Attempt}.\n");
        }
        else
        {
            script.Append(CultureInfo.InvariantCulture, $"# AutoPipe campaign {campaign}: {members.Count} calculations run one after another in one Slurm job:\n");
            foreach (var (request, _) in members)
            {
                script.Append(CultureInfo.InvariantCulture, $"#   job {request.JobId}, attempt {request.Attempt}\n");
            }
        }

        script.Append("# Written and submitted by autopipe; to run it by hand: sbatch job.sbatch (in this folder).\n");
        script.Append("# It records each command's node, start/end times and exit code in job.host, job.started, job.ended, job.exitcode.\n");
        Option(script, "job-name", jobName);
        Option(script, "chdir", first.Files.Directory);
        Option(script, "output", first.Files.SlurmOutputPattern);
        // AutoPipe decides retries (NODE_FAIL, PREEMPTED are transient failures of the attempt), not Slurm.
        script.Append("#SBATCH --no-requeue\n");
        Option(script, "partition", spec.Partition);
        Option(script, "account", spec.Account);
        Option(script, "qos", spec.Qos);
        Option(script, "time", spec.TimeLimit);
        Option(script, "nodes", spec.Nodes?.ToString(CultureInfo.InvariantCulture));
        Option(script, "ntasks", spec.Ntasks?.ToString(CultureInfo.InvariantCulture));
        Option(script, "cpus-per-task", spec.CpusPerTask?.ToString(CultureInfo.InvariantCulture));
        Option(script, "mem", spec.Memory);
        foreach (var extra in spec.ExtraOptions)
        {
            script.Append("#SBATCH ").Append(extra).Append('\n');
        }

        script.Append('\n');
        script.Append("export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
        if (members.Count == 1)
        {
            Body(script, first.Request, first.Files, "exit \"$code\"");
            return script.ToString();
        }

        foreach (var (request, files) in members)
        {
            script.Append("(\n");
            Body(script, request, files, "");
            script.Append(")\n");
        }

        return script.ToString();
    }

    /// <summary>Quotes <paramref name="word"/> for bash (single quotes; nothing inside is expanded).</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static void Body(StringBuilder script, CommandRequest request, SlurmAttemptFiles files, string end)
    {
        script.Append("cd ").Append(Quote(files.Directory)).Append(" || exit 1\n");
        script.Append("hostname > ").Append(Quote(Path.GetFileName(files.Host))).Append('\n');
        script.Append("date +%s.%N > ").Append(Quote(Path.GetFileName(files.Started))).Append('\n');
        script.Append(string.Join(' ', request.Command.Select(Quote)));
        script.Append(" < /dev/null > ").Append(Quote(request.StdoutPath));
        script.Append(" 2> ").Append(Quote(request.StderrPath)).Append('\n');
        script.Append("code=$?\n");
        script.Append("date +%s.%N > ").Append(Quote(Path.GetFileName(files.Ended))).Append('\n');
        var exit = Path.GetFileName(files.ExitCode);
        script.Append(CultureInfo.InvariantCulture, $"echo \"$code\" > {exit}.tmp && mv -f {exit}.tmp {exit}\n");
        if (end.Length > 0)
        {
            script.Append(end).Append('\n');
        }
    }

    private static void Option(StringBuilder script, string name, string? value)
    {
        if (value != null)
        {
            script.Append("#SBATCH --").Append(name).Append('=').Append(value).Append('\n');
        }
    }
}
