using AutoPipe.Worker.Calculators;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AutoPipe.Worker.Hosting;

/// <summary>Says at start-up which calculators this worker runs, and how to allow pw.x when it runs only the built-ins.</summary>
internal sealed partial class AllowListAnnouncement : IHostedService
{
    private readonly IReadOnlyDictionary<string, CalculatorGrant> grants;
    private readonly string? path;
    private readonly ILogger<AllowListAnnouncement> logger;

    public AllowListAnnouncement(IReadOnlyDictionary<string, CalculatorGrant> grants, string? path, ILogger<AllowListAnnouncement> logger)
    {
        this.grants = grants;
        this.path = path;
        this.logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var names = string.Join(", ", grants.Select(g => g.Value.Command == null ? $"{g.Key} ({g.Value.Kind})" : $"{g.Key} ({g.Value.Kind}: {g.Value.Command})"));
        if (path == null)
        {
            NoAllowList(names);
        }
        else
        {
            AllowList(path, names);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "No calculator allow-list given (--calculators): this worker runs the built-in calculators that need no local set-up: {Calculators}. To run pw.x, give --calculators FILE with {{\"calculators\": {{\"qe\": {{\"kind\": \"espresso\", \"command\": \"pw.x\", \"pseudoDir\": \"/path/to/pseudopotentials\"}}}}}}")]
    private partial void NoAllowList(string calculators);

    [LoggerMessage(Level = LogLevel.Information, Message = "Calculator allow-list {Path}: {Calculators}")]
    private partial void AllowList(string path, string calculators);
}
