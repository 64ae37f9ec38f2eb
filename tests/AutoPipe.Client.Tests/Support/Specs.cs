namespace AutoPipe.Client.Tests.Support;

/// <summary>Writes mock campaign specs for tests.</summary>
public static class Specs
{
    public static string Mock(TempDir dir, string name, int jobs, int workers, double seconds, string failFirst = "{}", string retry = """{"maxAttempts":3,"initialIntervalSeconds":0.2}""") =>
        dir.File(name + ".json", $$"""
            {"name":"{{name}}","workers":{{workers}},"jobs":{"count":{{jobs}}},
             "calculator":{"kind":"mock","seconds":{{seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"failFirstAttempts":{{failFirst}}},
             "retry":{{retry}}}
            """);

    public static string Examples { get; } = FindExamples();

    private static string FindExamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples");
            if (File.Exists(Path.Combine(candidate, "uat-c6-001.campaign.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("examples/");
    }
}
