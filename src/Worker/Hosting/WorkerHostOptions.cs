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
    /// <summary>
    /// Every setting once: its switch, the environment variable (and configuration key) it sets, and how its text is
    /// read into the options, with the problem it reports when it cannot be.
    /// </summary>
    private static readonly Setting[] Settings =
    [
        new("--role", "AUTOPIPE_ROLE", (o, v) => Enum.TryParse<WorkerRole>(v, ignoreCase: true, out var role) && Enum.IsDefined(role) ? Set(() => o.Role = role) : "is not compute or projector"),
        new("--address", "TEMPORAL_ADDRESS", (o, v) => Set(() => o.Address = v)),
        new("--namespace", "TEMPORAL_NAMESPACE", (o, v) => Set(() => o.Namespace = v)),
        new("--task-queue", "AUTOPIPE_TASK_QUEUE", (o, v) => Set(() => o.TaskQueue = v)),
        new("--max-concurrent-calculations", "AUTOPIPE_MAX_CONCURRENT_CALCULATIONS", (o, v) => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Set(() => o.MaxConcurrentCalculations = n) : "is not a whole number"),
        new("--calculators", "AUTOPIPE_CALCULATORS", (o, v) => Set(() => o.CalculatorsPath = v)),
        new("--scratch", "AUTOPIPE_SCRATCH", (o, v) => Set(() => o.ScratchDirectory = v)),
        new("--campaign", "AUTOPIPE_CAMPAIGN", (o, v) => Set(() => o.Campaign = v)),
        new("--workdir", "AUTOPIPE_WORKDIR", (o, v) => Set(() => o.Workdir = v)),
        new("--spec", "AUTOPIPE_SPEC", (o, v) => Set(() => o.SpecPath = v)),
        new("--graceful-shutdown-seconds", "AUTOPIPE_GRACEFUL_SHUTDOWN_SECONDS", (o, v) => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? Set(() => o.GracefulShutdownSeconds = seconds) : "is not a number"),
        new("--tls", "TEMPORAL_TLS", (o, v) => bool.TryParse(v, out var on) ? Set(() => o.Tls = on) : "is not true or false"),
        new("--tls-cert", "TEMPORAL_TLS_CLIENT_CERT_PATH", (o, v) => Set(() => o.TlsClientCertPath = v)),
        new("--tls-key", "TEMPORAL_TLS_CLIENT_KEY_PATH", (o, v) => Set(() => o.TlsClientKeyPath = v)),
        new("--tls-ca", "TEMPORAL_TLS_SERVER_CA_CERT_PATH", (o, v) => Set(() => o.TlsServerCaCertPath = v)),
        new("--tls-server-name", "TEMPORAL_TLS_SERVER_NAME", (o, v) => Set(() => o.TlsServerName = v)),
        new("--api-key", "TEMPORAL_API_KEY", (o, v) => Set(() => o.ApiKey = v)),
    ];

    /// <summary>Command-line switches and the environment variables they set.</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = Settings.ToDictionary(s => s.Switch, s => s.Variable, StringComparer.Ordinal);

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
        foreach (var setting in Settings)
        {
            var text = configuration[setting.Variable];
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (setting.Apply(options, text.Trim()) is { } problem)
            {
                problems.Add($"{setting.Switch} / {setting.Variable}: '{text.Trim()}' {problem}");
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

    /// <summary>Runs <paramref name="assign"/>; null, for "no problem".</summary>
    private static string? Set(Action assign)
    {
        assign();
        return null;
    }

    /// <summary>One setting: its switch, its variable, and how to apply its text (null, or the problem).</summary>
    private sealed record Setting(string Switch, string Variable, Func<WorkerHostOptions, string, string?> Apply);
}
