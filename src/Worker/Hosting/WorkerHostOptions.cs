using System.Globalization;
using AutoPipe.Worker.Contracts;
using Microsoft.Extensions.Configuration;

namespace AutoPipe.Worker.Hosting;

/// <summary>
/// The worker host's settings, from the environment or the command line (<c>--address</c> etc., see
/// <see cref="SwitchMappings"/>). Defaults live here; <see cref="Validate"/> reports every problem at once.
/// </summary>
public sealed class WorkerHostOptions
{
    /// <summary>Command-line switches and the environment variables they set.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--role"] = "AUTOPIPE_ROLE",
        ["--address"] = "TEMPORAL_ADDRESS",
        ["--namespace"] = "TEMPORAL_NAMESPACE",
        ["--task-queue"] = "AUTOPIPE_TASK_QUEUE",
        ["--max-concurrent-calculations"] = "AUTOPIPE_MAX_CONCURRENT_CALCULATIONS",
        ["--calculators"] = "AUTOPIPE_CALCULATORS",
        ["--scratch"] = "AUTOPIPE_SCRATCH",
        ["--campaign"] = "AUTOPIPE_CAMPAIGN",
        ["--workdir"] = "AUTOPIPE_WORKDIR",
        ["--spec"] = "AUTOPIPE_SPEC",
        ["--graceful-shutdown-seconds"] = "AUTOPIPE_GRACEFUL_SHUTDOWN_SECONDS",
        ["--tls"] = "TEMPORAL_TLS",
        ["--tls-cert"] = "TEMPORAL_TLS_CLIENT_CERT_PATH",
        ["--tls-key"] = "TEMPORAL_TLS_CLIENT_KEY_PATH",
        ["--tls-ca"] = "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
        ["--tls-server-name"] = "TEMPORAL_TLS_SERVER_NAME",
        ["--api-key"] = "TEMPORAL_API_KEY",
    };

    /// <summary>Compute (default) or projector.</summary>
    public WorkerRole Role { get; set; } = WorkerRole.Compute;

    /// <summary>Temporal frontend, host:port. Default <c>localhost:7233</c>.</summary>
    public string Address { get; set; } = "localhost:7233";

    /// <summary>Temporal namespace. Default <c>default</c>.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Task queue; default <c>autopipe</c> (compute) or <c>autopipe-projector-&lt;campaign&gt;</c> (projector).</summary>
    public string? TaskQueue { get; set; }

    /// <summary>Calculations run at once by this worker. Default 1 (a DFT calculation uses the whole node).</summary>
    public int MaxConcurrentCalculations { get; set; } = 1;

    /// <summary>The calculator allow-list file (compute role; required).</summary>
    public string? CalculatorsPath { get; set; }

    /// <summary>Scratch folder for attempts; default the temp folder.</summary>
    public string? ScratchDirectory { get; set; }

    /// <summary>The campaign a projector serves (projector role; required).</summary>
    public string? Campaign { get; set; }

    /// <summary>How long in-flight calculations get to stop on SIGTERM before the worker gives up on them. Default 10 s.</summary>
    public double GracefulShutdownSeconds { get; set; } = 10;

    /// <summary>Projector role: the campaign's working directory (created from <see cref="SpecPath"/> on first start).</summary>
    public string? Workdir { get; set; }

    /// <summary>Projector role: the campaign spec, needed only when the working directory does not hold the campaign yet.</summary>
    public string? SpecPath { get; set; }

    /// <summary>Use TLS (implied by a client certificate or an API key).</summary>
    public bool Tls { get; set; }

    /// <summary>PEM client certificate for mTLS.</summary>
    public string? TlsClientCertPath { get; set; }

    /// <summary>PEM client private key for mTLS.</summary>
    public string? TlsClientKeyPath { get; set; }

    /// <summary>PEM CA certificate of the server, when not a public CA.</summary>
    public string? TlsServerCaCertPath { get; set; }

    /// <summary>Server name to verify, when it differs from the address.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>API key (Temporal Cloud); implies TLS.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The effective task queue.</summary>
    public string EffectiveTaskQueue => TaskQueue ?? (Role == WorkerRole.Projector ? TaskQueues.Projector(Campaign ?? "") : TaskQueues.Default);

    /// <summary>True when the connection uses TLS.</summary>
    public bool UsesTls => Tls || TlsClientCertPath != null || ApiKey != null;

    /// <summary>Reads the options from configuration keys named as the environment variables; collects problems.</summary>
    public static WorkerHostOptions FromConfiguration(IConfiguration configuration, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        var options = new WorkerHostOptions();
        string? Get(string key) => string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key]!.Trim();

        if (Get("AUTOPIPE_ROLE") is { } role)
        {
            if (Enum.TryParse<WorkerRole>(role, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                options.Role = parsed;
            }
            else
            {
                problems.Add($"--role / AUTOPIPE_ROLE: '{role}' is not compute or projector");
            }
        }

        options.Address = Get("TEMPORAL_ADDRESS") ?? options.Address;
        options.Namespace = Get("TEMPORAL_NAMESPACE") ?? options.Namespace;
        options.TaskQueue = Get("AUTOPIPE_TASK_QUEUE");
        options.CalculatorsPath = Get("AUTOPIPE_CALCULATORS");
        options.ScratchDirectory = Get("AUTOPIPE_SCRATCH");
        options.Campaign = Get("AUTOPIPE_CAMPAIGN");
        options.Workdir = Get("AUTOPIPE_WORKDIR");
        options.SpecPath = Get("AUTOPIPE_SPEC");
        options.TlsClientCertPath = Get("TEMPORAL_TLS_CLIENT_CERT_PATH");
        options.TlsClientKeyPath = Get("TEMPORAL_TLS_CLIENT_KEY_PATH");
        options.TlsServerCaCertPath = Get("TEMPORAL_TLS_SERVER_CA_CERT_PATH");
        options.TlsServerName = Get("TEMPORAL_TLS_SERVER_NAME");
        options.ApiKey = Get("TEMPORAL_API_KEY");
        if (Get("AUTOPIPE_MAX_CONCURRENT_CALCULATIONS") is { } max)
        {
            if (int.TryParse(max, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                options.MaxConcurrentCalculations = n;
            }
            else
            {
                problems.Add($"--max-concurrent-calculations / AUTOPIPE_MAX_CONCURRENT_CALCULATIONS: '{max}' is not a whole number");
            }
        }

        if (Get("AUTOPIPE_GRACEFUL_SHUTDOWN_SECONDS") is { } grace)
        {
            if (double.TryParse(grace, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                options.GracefulShutdownSeconds = seconds;
            }
            else
            {
                problems.Add($"--graceful-shutdown-seconds / AUTOPIPE_GRACEFUL_SHUTDOWN_SECONDS: '{grace}' is not a number");
            }
        }

        if (Get("TEMPORAL_TLS") is { } tls)
        {
            if (bool.TryParse(tls, out var on))
            {
                options.Tls = on;
            }
            else
            {
                problems.Add($"--tls / TEMPORAL_TLS: '{tls}' is not true or false");
            }
        }

        return options;
    }

    /// <summary>Every problem of these options (files are checked for existence).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Address.Contains(':', StringComparison.Ordinal))
        {
            problems.Add($"--address / TEMPORAL_ADDRESS: '{Address}' must be host:port");
        }

        if (MaxConcurrentCalculations is < 1 or > 1024)
        {
            problems.Add($"--max-concurrent-calculations: must be between 1 and 1024, got {MaxConcurrentCalculations}");
        }

        if (!(GracefulShutdownSeconds >= 0))
        {
            problems.Add("--graceful-shutdown-seconds: must be at least 0");
        }

        if (Role == WorkerRole.Projector && Campaign == null)
        {
            problems.Add("--campaign / AUTOPIPE_CAMPAIGN: the projector role serves one campaign; name it");
        }

        if (Role == WorkerRole.Projector && Workdir == null)
        {
            problems.Add("--workdir / AUTOPIPE_WORKDIR: the projector role writes the campaign's checkpoint.json and results.db there; name it");
        }

        if ((TlsClientCertPath == null) != (TlsClientKeyPath == null))
        {
            problems.Add("--tls-cert and --tls-key: give both or neither");
        }

        foreach (var (flag, path) in new[] { ("--calculators", CalculatorsPath), ("--tls-cert", TlsClientCertPath), ("--tls-key", TlsClientKeyPath), ("--tls-ca", TlsServerCaCertPath) })
        {
            if (path != null && !File.Exists(path))
            {
                problems.Add($"{flag}: file {path} not found");
            }
        }

        return problems;
    }
}
