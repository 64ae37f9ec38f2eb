using AutoPipe.Worker.Runtime;

namespace AutoPipe.Client.Demos;

/// <summary>
/// Where a demo plays on Temporal: the user's server, a fresh task queue (so the demo's own workers are the only
/// ones) and a fresh campaign name (so the workflow id is new), and how to look at the history afterwards.
/// </summary>
/// <param name="Address">The Temporal server, HOST:PORT.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="UiAddress">The Temporal UI, for the link to the run.</param>
internal sealed record DemoTemporal(string Address, string Namespace, string UiAddress)
{
    /// <summary>A fresh suffix for the task queue and campaign name of one demo run.</summary>
    public string Suffix { get; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>The demo's own task queue.</summary>
    public string TaskQueue => $"autopipe-demo-{Suffix}";

    /// <summary>The campaign name for <paramref name="demo"/>.</summary>
    public string Campaign(string demo) => $"{demo}-{Suffix}";

    /// <summary>The arguments that send <c>autopipe run</c> to this server and queue.</summary>
    public string[] RunArguments => ["--temporal", Address, "--namespace", Namespace, "--task-queue", TaskQueue];

    /// <summary>Connects to this server, or throws <see cref="TemporalUnavailableException"/> with what to check.</summary>
    public Task<Temporalio.Client.ITemporalClient> ConnectAsync() => TemporalConnector.ConnectAsync(Address, Namespace, apiKey: null);

    /// <summary>A client of this server for the campaigns on this demo's task queue (to ask a workflow what it knows).</summary>
    public async Task<TemporalCampaignClient> CampaignsAsync() =>
        new(await ConnectAsync().ConfigureAwait(false), TaskQueue);

    /// <summary>
    /// Waits until <paramref name="count"/> worker processes poll this demo's task queue, so that a timed run measures
    /// the campaign and not the workers' start-up (a process start, the JIT, a connection: a second or two each, paid
    /// once per worker, not per campaign); fails the claim when one of them exits or they do not come in time.
    /// </summary>
    public async Task WaitForWorkersAsync(int count, IReadOnlyList<ChildRun> workers, CancellationToken cancellationToken)
    {
        var campaigns = await CampaignsAsync().ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await ChildRun.UnlessOneExitsAsync(campaigns.CountWorkersAsync(TimeSpan.FromSeconds(10)), "before polling the task queue", [.. workers]).ConfigureAwait(false) < count)
        {
            if (clock.Elapsed > DemoFiles.StartDeadline)
            {
                throw new ClaimFailedException($"{count} worker processes should poll task queue {TaskQueue}, but they did not within {DemoFiles.StartDeadline.TotalMinutes:0} minutes");
            }

            await ChildRun.DelayUnlessOneExitsAsync(TimeSpan.FromMilliseconds(100), "before polling the task queue", cancellationToken, [.. workers]).ConfigureAwait(false);
        }
    }

    /// <summary>Prints where to look at what just happened.</summary>
    public void PrintWhereToLook(string campaign)
    {
        var workflow = Worker.Contracts.TaskQueues.WorkflowId(campaign);
        Console.WriteLine($"The history of what just happened: temporal workflow show --workflow-id {workflow} --namespace {Namespace} --address {Address}");
        Console.WriteLine($"In the Temporal UI: {UiAddress}/namespaces/{Namespace}/workflows/{workflow}");
    }
}
