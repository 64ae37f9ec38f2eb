using System.Globalization;

namespace AutoPipe.Client.Tests.Slurm;

/// <summary>Mock campaigns on the slurm executor. Each test names its campaign uniquely (a run id), so jobs from earlier runs of the suite never match.</summary>
public static class SlurmSpecs
{
    public static string Mock(TempDir dir, string name, int jobs, double seconds, int maxSubmitted, string failFirst = "{}", string executor = "") =>
        dir.File(name + ".json", $$"""
            {"name":"{{name}}","jobs":{"count":{{jobs}}},
             "calculator":{"kind":"mock","seconds":{{seconds.ToString(CultureInfo.InvariantCulture)}},"failFirstAttempts":{{failFirst}}},
             "retry":{"maxAttempts":3,"initialIntervalSeconds":0.2},
             "executor":{"kind":"slurm","pollSeconds":0.3,"maxSubmitted":{{maxSubmitted}}{{executor}} } }
            """);

    public static string UniqueName(string stem) => $"{stem}-{Guid.NewGuid().ToString("N")[..8]}";
}
