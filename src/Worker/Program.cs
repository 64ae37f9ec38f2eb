using AutoPipe.Core.Input;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Workspace;
using AutoPipe.Worker.Hosting;
using AutoPipe.Worker.Projection;
using AutoPipe.Worker.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Temporalio.Client;

// The projector role owns one working directory: it is opened (created from --spec, or resumed) under its lock
// before the worker starts, and released when the host stops.
OpenedCampaign? campaign = null;
WorkdirProjection? projection = null;
try
{
    using var host = WorkerHost.Build(args, (services, options) =>
    {
        var log = new LoggerConfiguration().WriteTo.Console().CreateLogger();
        campaign = CampaignWorkspace.Open(options.SpecPath, options.Workdir!, new RuntimeOptions(), log);
        if (campaign.Spec.Name != options.Campaign)
        {
            throw new InputException($"--campaign {options.Campaign}: {options.Workdir} holds campaign {campaign.Spec.Name}");
        }

        projection = new WorkdirProjection(campaign, log);
        services.AddSingleton<ICampaignProjection>(projection);
        services.AddSingleton<IJobSource>(projection);
    });
    // A worker that cannot reach its server says so and exits 3 (as `autopipe run --temporal` does), instead of logging
    // a stack trace and exiting 0; once connected, the SDK rides out a server that goes away for a while.
    var settings = host.Services.GetRequiredService<WorkerHostOptions>();
    var connect = new TemporalClientConnectOptions();
    WorkerHost.Configure(connect, settings);
    try
    {
        await TemporalConnector.ConnectAsync(connect).ConfigureAwait(false);
    }
    catch (TemporalUnavailableException e)
    {
        await Console.Error.WriteLineAsync($"autopipe-worker: {e.Message}").ConfigureAwait(false);
        return 3;
    }

    await host.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (InputException e)
{
    foreach (var problem in e.Problems)
    {
        await Console.Error.WriteLineAsync($"autopipe-worker: {problem}").ConfigureAwait(false);
    }

    return 2;
}
catch (WorkdirBusyException e)
{
    await Console.Error.WriteLineAsync($"autopipe-worker: {e.Message}").ConfigureAwait(false);
    return 3;
}
finally
{
    projection?.Dispose();
    campaign?.Dispose();
}
