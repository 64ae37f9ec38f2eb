using AutoPipe.Worker.Hosting;
using Microsoft.Extensions.Configuration;

namespace AutoPipe.Worker.Tests.Hosting;

public sealed class WorkerHostOptionsTests
{
    private static WorkerHostOptions Read(string[] args, List<string> problems, Dictionary<string, string?>? environment = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment ?? [])
            .AddCommandLine(args, WorkerHostOptions.SwitchMappings.ToDictionary())
            .Build();
        return WorkerHostOptions.FromConfiguration(configuration, problems);
    }

    [Fact]
    public void FromConfiguration_SwitchesAndEnvironment_SetEachOption()
    {
        var problems = new List<string>();

        var options = Read(
            ["--address", "temporal:7233", "--task-queue", "q1", "--max-concurrent-calculations", "4", "--role", "Projector", "--tls", "true"],
            problems,
            new() { ["TEMPORAL_NAMESPACE"] = "prod", ["AUTOPIPE_CAMPAIGN"] = "c6", ["AUTOPIPE_WORKDIR"] = "/srv/c6" });

        Assert.Empty(problems);
        Assert.Equal(("temporal:7233", "prod", "q1", 4, WorkerRole.Projector, true), (options.Address, options.Namespace, options.TaskQueue, options.MaxConcurrentCalculations, options.Role, options.Tls));
        Assert.Equal(("c6", "/srv/c6"), (options.Campaign, options.Workdir));
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void FromConfigurationAndValidate_EveryProblemAtOnce_EachNamingItsSwitch()
    {
        var problems = new List<string>();

        var options = Read(
            ["--role", "boss", "--max-concurrent-calculations", "many", "--tls", "maybe", "--address", "nowhere", "--tls-cert", "/no/cert.pem", "--calculators", "/no/list.json"],
            problems);
        problems.AddRange(options.Validate());

        Assert.Contains("--role / AUTOPIPE_ROLE: 'boss' is not compute or projector", problems);
        Assert.Contains("--max-concurrent-calculations / AUTOPIPE_MAX_CONCURRENT_CALCULATIONS: 'many' is not a whole number", problems);
        Assert.Contains("--tls / TEMPORAL_TLS: 'maybe' is not true or false", problems);
        Assert.Contains("--address / TEMPORAL_ADDRESS: 'nowhere' must be host:port", problems);
        Assert.Contains("--tls-cert and --tls-key: give both or neither", problems);
        Assert.Contains("--calculators: file /no/list.json not found", problems);
    }
}
