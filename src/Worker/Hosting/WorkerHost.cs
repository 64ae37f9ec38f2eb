using AutoPipe.Core.Calculators;
using AutoPipe.Worker.Activities;
using AutoPipe.Worker.Calculators;
using AutoPipe.Worker.Projection;
using AutoPipe.Worker.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;

namespace AutoPipe.Worker.Hosting;

/// <summary>
/// Builds the worker host: Serilog on the console, a hosted Temporal worker (Temporalio.Extensions.Hosting) with
/// the campaign workflow and the calculation activities (compute role) or the projector activities (projector
/// role). The generic host turns SIGTERM into a graceful stop: the worker stops polling, in-flight calculations are
/// cancelled through the worker-shutdown token (their processes killed) and fail as retryable, so another worker
/// takes them over at once.
/// </summary>
public static class WorkerHost
{
    /// <summary>
    /// Builds a host from <paramref name="args"/> and the environment. <paramref name="addProjection"/> registers the
    /// projector's <see cref="IJobSource"/> and <see cref="ICampaignProjection"/> (the projector role needs it).
    /// Throws <see cref="Core.Input.InputException"/> listing every configuration problem.
    /// </summary>
    public static IHost Build(string[] args, Action<IServiceCollection, WorkerHostOptions>? addProjection = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddCommandLine(args, WorkerHostOptions.SwitchMappings.ToDictionary());
        var problems = new List<string>();
        var options = WorkerHostOptions.FromConfiguration(builder.Configuration, problems);
        problems.AddRange(options.Validate());
        if (options.Role == WorkerRole.Projector && addProjection == null)
        {
            problems.Add("--role projector: this build has no projection (results.db / checkpoint.json) to serve; host the projector through WorkerHost.Build with addProjection");
        }

        if (problems.Count > 0)
        {
            throw new Core.Input.InputException(problems);
        }

        builder.Services.AddSerilog(logger => logger
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}"));
        var grace = TimeSpan.FromSeconds(options.GracefulShutdownSeconds);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = grace + TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(options);

        var worker = builder.Services
            .AddHostedTemporalWorker(options.Address, options.Namespace, options.EffectiveTaskQueue)
            .ConfigureOptions(o =>
            {
                Configure(o.ClientOptions!, options);
                o.GracefulShutdownTimeout = grace;
                if (options.Role == WorkerRole.Compute)
                {
                    o.MaxConcurrentActivities = options.MaxConcurrentCalculations;
                }
            });

        if (options.Role == WorkerRole.Compute)
        {
            var grants = options.CalculatorsPath == null ? CalculatorAllowList.BuiltInGrants : AllowListReader.ReadFile(options.CalculatorsPath);
            builder.Services.AddSingleton(CalculatorAllowList.Create(grants, CalculatorPlugins.Default, TimeProvider.System));
            builder.Services.AddSingleton<CalculationSlots>();
            builder.Services.AddHostedService(services => new AllowListAnnouncement(grants, options.CalculatorsPath, services.GetRequiredService<ILogger<AllowListAnnouncement>>()));
            var activityOptions = new CalculationActivityOptions();
            if (options.ScratchDirectory != null)
            {
                activityOptions.ScratchDirectory = options.ScratchDirectory;
            }

            builder.Services.AddSingleton(activityOptions);
            worker.AddWorkflow<CampaignWorkflow>().AddScopedActivities<CalculationActivities>();
        }
        else
        {
            builder.Services.AddSingleton(new ProjectorOptions { Campaign = options.Campaign! });
            addProjection!(builder.Services, options);
            worker.AddScopedActivities<ProjectorActivities>();
        }

        return builder.Build();
    }

    /// <summary>Applies the address, namespace, TLS and API key of <paramref name="options"/> to a client's options.</summary>
    public static void Configure(TemporalClientConnectOptions client, WorkerHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        client.TargetHost = options.Address;
        client.Namespace = options.Namespace;
        client.ApiKey = options.ApiKey;
        if (options.UsesTls)
        {
            client.Tls = new TlsOptions
            {
                ClientCert = options.TlsClientCertPath == null ? null : File.ReadAllBytes(options.TlsClientCertPath),
                ClientPrivateKey = options.TlsClientKeyPath == null ? null : File.ReadAllBytes(options.TlsClientKeyPath),
                ServerRootCACert = options.TlsServerCaCertPath == null ? null : File.ReadAllBytes(options.TlsServerCaCertPath),
                Domain = options.TlsServerName,
            };
        }
    }
}
