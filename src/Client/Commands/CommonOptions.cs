using System.CommandLine;
using System.Globalization;
using System.Numerics;
using AutoPipe.Core.Input;

namespace AutoPipe.Client.Commands;

/// <summary>
/// How options are made: <c>new Option&lt;T&gt;(name) { ... }</c>, then what checks it (<see cref="Require"/>,
/// <see cref="AsChoice"/>, <see cref="ParsedBy"/>); the options several commands take are made here. Every command
/// builds its own instances (none is shared, so each carries its own command's rules). Fixed choices are enums. Values
/// are checked while the command line is parsed, by System.CommandLine's validators and parsers, so that every problem
/// of a command line is reported at once, each naming its option (exit 2), before any command runs.
/// </summary>
internal static class CommonOptions
{
    public static Option<string> Workdir(string description) => new("--workdir", "-w")
    {
        Description = description,
        Required = true,
        HelpName = "DIR",
    };

    /// <summary><c>--workdir</c> for the commands that work on either runtime (see <see cref="RequireWorkdirOrTemporalCampaign"/>).</summary>
    public static Option<string?> OptionalWorkdir(string description) => new("--workdir", "-w")
    {
        Description = description,
        HelpName = "DIR",
    };

    public static Option<string?> Campaign() => new("--campaign")
    {
        Description = "With --temporal: the campaign's name (its workflow id is autopipe-NAME).",
        HelpName = "NAME",
    };

    public static Option<bool> Json(string description) => new("--json")
    {
        Description = description,
    };

    public static Option<string?> Temporal(string description) => new("--temporal")
    {
        Description = description,
        HelpName = "HOST:PORT",
    };

    public static Option<string> Namespace() => new("--namespace")
    {
        Description = "Temporal namespace.",
        DefaultValueFactory = _ => "default",
    };

    public static Option<string> TaskQueue() => new("--task-queue")
    {
        Description = "The compute workers' task queue.",
        DefaultValueFactory = _ => Worker.Contracts.TaskQueues.Default,
    };

    public static Option<double> HeartbeatTimeout() => new Option<double>("--heartbeat-timeout")
    {
        Description = "Seconds without a heartbeat after which a calculation counts as lost (its worker died) and runs elsewhere.",
        DefaultValueFactory = _ => Worker.Workflows.CampaignWorkflow.Input.DefaultHeartbeatTimeoutSeconds,
    }.Require(seconds => seconds > 0, "greater than 0");

    public static Option<string> TemporalUi() => new("--temporal-ui")
    {
        Description = "With --temporal: the Temporal UI's address, for the link to the workflow (docker-compose.temporal.yml's is http://localhost:8080).",
        DefaultValueFactory = _ => Worker.Runtime.TemporalRuntimeOptions.DefaultUiAddress,
        HelpName = "URL",
    };

    public static Option<string?> ApiKey() => new("--api-key")
    {
        Description = "API key (Temporal Cloud); also read from TEMPORAL_API_KEY. Implies TLS.",
    };

    /// <summary>
    /// Makes the values of <paramref name="option"/> the members of <typeparamref name="T"/>, written in lower case
    /// (any case is accepted, a number is not). The member numbered 0 is the default, and the help says so in lower case
    /// too (System.CommandLine would print the member's name as declared).
    /// </summary>
    public static Option<T> AsChoice<T>(this Option<T> option)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(option);
        var members = Enum.GetNames<T>();
        var written = members.Select(Lower).ToArray();
        option.Description = $"{option.Description} [default: {Lower(default(T).ToString())}]";
        option.HelpName = string.Join('|', written);
        option.CustomParser = result =>
        {
            var given = result.Tokens[0].Value;
            if (members.FirstOrDefault(m => m.Equals(given, StringComparison.OrdinalIgnoreCase)) is { } member)
            {
                return Enum.Parse<T>(member);
            }

            result.AddError($"{option.Name}: '{given}' is not one of {string.Join(", ", written)}");
            return default;
        };
        return option;
    }

    /// <summary>
    /// Has <paramref name="parse"/> read the text of <paramref name="option"/> while the command line is parsed; what it
    /// refuses (an <see cref="InputException"/>'s problems, which name the option) is reported with the other problems.
    /// </summary>
    public static Option<T?> ParsedBy<T>(this Option<T?> option, Func<string, T> parse)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(option);
        option.CustomParser = result =>
        {
            try
            {
                return parse(result.Tokens[0].Value);
            }
            catch (InputException e)
            {
                foreach (var problem in e.Problems)
                {
                    result.AddError(problem);
                }

                return null;
            }
        };
        return option;
    }

    /// <summary>Refuses a value given to <paramref name="option"/> unless <paramref name="holds"/>: "NAME: must be REQUIREMENT, got VALUE".</summary>
    public static Option<T> Require<T>(this Option<T> option, Func<T, bool> holds, string requirement)
        where T : struct, INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(result =>
        {
            // Read as System.CommandLine reads it; a value that is not a number is its error already, and defaults hold.
            if (result.Tokens is [var token] && T.TryParse(token.Value, CultureInfo.CurrentCulture, out var value) && !holds(value))
            {
                result.AddError($"{option.Name}: must be {requirement}, got {token.Value}");
            }
        });
        return option;
    }

    /// <summary>
    /// The rule of the commands that work on either runtime: <c>--workdir DIR</c> (embedded), or <c>--temporal
    /// HOST:PORT --campaign NAME</c>; not both.
    /// </summary>
    public static void RequireWorkdirOrTemporalCampaign(Option<string?> workdir, Option<string?> temporal, Option<string?> campaign)
    {
        ArgumentNullException.ThrowIfNull(temporal);
        // System.CommandLine checks no option once a command's own validator has failed. So the rule is --temporal's,
        // made always present by a default (null, which the help does not show): it is checked along with every other
        // option, and all the problems of a command line are reported together.
        temporal.DefaultValueFactory = _ => null;
        temporal.Validators.Add(result =>
        {
            var onTemporal = !result.Implicit;
            var inDirectory = result.GetResult(workdir) is not null;
            if (onTemporal == inDirectory)
            {
                result.AddError($"give --workdir DIR, or --temporal HOST:PORT --campaign NAME{(inDirectory ? ", not both" : "")}");
            }
            else if (onTemporal && result.GetResult(campaign) is null)
            {
                result.AddError("--campaign NAME is required with --temporal");
            }
        });
    }

    private static string Lower(string name) => name.ToLowerInvariant();
}
