using System.Text.Json;
using System.Text.RegularExpressions;

namespace AutoPipe.Core.Spec;

/// <summary>Reads the spec's optional <c>executor</c> object, reporting every problem with its field.</summary>
internal static partial class ExecutorSpecReader
{
    [GeneratedRegex(@"^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}|\d+-\d{1,2}:\d{1,2}|\d+-\d{1,2}:\d{1,2}:\d{1,2}|INFINITE|UNLIMITED)$")]
    private static partial Regex SlurmTime();

    [GeneratedRegex(@"^\d+[KMGT]?$")]
    private static partial Regex SlurmMemory();

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,200}$")]
    private static partial Regex SlurmName();

    public static ExecutorSpec? Read(SpecFieldReader root)
    {
        var executor = root.Object("executor");
        if (executor == null)
        {
            return root.TryGet("executor", out _) ? null : LocalExecutorSpec.Instance;
        }

        var kind = executor.String("kind", required: true);
        ExecutorSpec? spec = kind switch
        {
            null => null,
            LocalExecutorSpec.KindName => LocalExecutorSpec.Instance,
            SlurmExecutorSpec.KindName => ReadSlurm(executor),
            _ => null,
        };
        if (kind is not (null or LocalExecutorSpec.KindName or SlurmExecutorSpec.KindName))
        {
            executor.Problem("kind", $"unknown executor '{kind}' (known: {LocalExecutorSpec.KindName}, {SlurmExecutorSpec.KindName})");
        }
        else
        {
            executor.RejectUnknown();
        }

        return spec;
    }

    private static SlurmExecutorSpec ReadSlurm(SpecFieldReader executor)
    {
        var timeLimit = executor.String("timeLimit");
        if (timeLimit != null && !SlurmTime().IsMatch(timeLimit))
        {
            executor.Problem("timeLimit", $"'{timeLimit}' is not a Slurm time (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)");
        }

        var memory = executor.String("memory");
        if (memory != null && !SlurmMemory().IsMatch(memory))
        {
            executor.Problem("memory", $"'{memory}' is not a Slurm memory size (a whole number with an optional K, M, G or T suffix, e.g. 8G)");
        }

        var partition = Name(executor, "partition");
        var account = Name(executor, "account");
        var qos = Name(executor, "qos");
        var extra = new List<string>();
        if (executor.TryGet("extraOptions", out var options))
        {
            if (options.ValueKind != JsonValueKind.Array)
            {
                executor.Problem("extraOptions", $"must be an array of sbatch options, got {SpecFieldReader.Describe(options)}");
            }
            else
            {
                var index = 0;
                foreach (var option in options.EnumerateArray())
                {
                    var text = option.ValueKind == JsonValueKind.String ? option.GetString()! : null;
                    if (text == null || !text.StartsWith('-') || text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal))
                    {
                        executor.Problem($"extraOptions[{index}]", "must be one sbatch option on one line, starting with '-' (e.g. \"--constraint=cpu\")");
                    }
                    else
                    {
                        extra.Add(text);
                    }

                    index++;
                }
            }
        }

        return new SlurmExecutorSpec
        {
            Partition = partition,
            Account = account,
            Qos = qos,
            TimeLimit = timeLimit,
            Nodes = executor.Integer("nodes", min: 1, max: 100_000),
            Ntasks = executor.Integer("ntasks", min: 1, max: 10_000_000),
            CpusPerTask = executor.Integer("cpusPerTask", min: 1, max: 100_000),
            Memory = memory,
            ExtraOptions = extra,
            MaxSubmitted = executor.Integer("maxSubmitted", min: 1, max: 100_000) ?? SlurmExecutorSpec.DefaultMaxSubmitted,
            PollSeconds = executor.Number("pollSeconds", min: 0.1) ?? SlurmExecutorSpec.DefaultPollSeconds,
            GroupSize = executor.Integer("groupSize", min: 1, max: 10_000) ?? SlurmExecutorSpec.DefaultGroupSize,
        };
    }

    private static string? Name(SpecFieldReader executor, string field)
    {
        var value = executor.String(field);
        if (value != null && !SlurmName().IsMatch(value))
        {
            executor.Problem(field, $"'{value}' must be 1-200 letters, digits, '.', '_' or '-'");
        }

        return value;
    }
}
