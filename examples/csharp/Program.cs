using AutoPipe.Core.Embedded;     // EmbeddedRuntime: the campaign on this machine's slots
using AutoPipe.Core.Runtime;      // ICampaignRuntime, RuntimeOptions, CampaignOutcome: what both runtimes share
using AutoPipe.Core.Storage;      // AseResultsReader: the rows of results.db
using AutoPipe.Core.Workspace;    // CampaignWorkspace: creates a campaign in a working directory, or resumes it
using AutoPipe.Worker.Runtime;    // AutoPipe.Temporal's TemporalConnector, TemporalRuntime: the same campaign on Temporal's workers
using Serilog;

// A mock campaign of 4 calculations, 2 at a time; job-0002 fails once and is retried. Arguments: [FOLDER [HOST:PORT]].
// FOLDER (default: a new temporary one) holds the spec and the working directory: run again on it, the campaign resumes.
// HOST:PORT: run it on that Temporal server's workers (start some: dotnet run --project src/Worker -- --address HOST:PORT).
var folder = args.Length > 0 ? Directory.CreateDirectory(args[0]).FullName : Directory.CreateTempSubdirectory("autopipe-example-").FullName;
var temporal = args.Length > 1 ? args[1] : null;
var specPath = Path.Combine(folder, "example.campaign.json");
File.WriteAllText(specPath, """
    {
      "name": "csharp-example",
      "workers": 2,
      "calculator": { "kind": "mock", "seconds": 0.2, "failFirstAttempts": { "job-0002": 1 } },
      "jobs": { "count": 4 },
      "retry": { "maxAttempts": 3, "initialIntervalSeconds": 0.2 }
    }
    """);

var log = new LoggerConfiguration().WriteTo.Console().CreateLogger();
var options = new RuntimeOptions();
using var campaign = CampaignWorkspace.Open(specPath, Path.Combine(folder, "run"), options, log);
ICampaignRuntime runtime = temporal == null
    ? new EmbeddedRuntime(campaign, options, log)
    : new TemporalRuntime(campaign, await TemporalConnector.ConnectAsync(temporal, "default", apiKey: null), new TemporalRuntimeOptions(), log);
var outcome = await runtime.RunAsync(CancellationToken.None);   // meanwhile runtime.Progress: counts, calculations in flight

Console.WriteLine($"{outcome.Completed} of {outcome.Total} completed, {outcome.Failed} failed; rows of {campaign.Workdir.ResultsDb}:");
foreach (var row in AseResultsReader.ReadAll(campaign.Workdir.ResultsDb))
{
    Console.WriteLine($"{row.JobId} {row.Energy:F6} eV ({row.Formula}, {row.Attempts} attempt(s))");
}

return outcome.Completed == outcome.Total ? 0 : 1;
