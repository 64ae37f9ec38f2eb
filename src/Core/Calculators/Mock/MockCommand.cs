using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AutoPipe.Core.Calculators.Mock;

/// <summary>
/// The mock calculation as a command line (<c>/bin/sh -c ...</c>), for executors that run commands elsewhere: it
/// sleeps, then either writes the result file or prints the planned failure and exits non-zero.
/// </summary>
public static class MockCommand
{
    /// <summary>The result the command writes (energy, forces, stress as JSON).</summary>
    public const string ResultFileName = "mock-result.json";

    /// <summary>The command's standard output.</summary>
    public const string OutputFileName = "mock.out";

    /// <summary>The command's standard error (the failure message).</summary>
    public const string ErrorFileName = "mock.err";

    /// <summary>The exit code of a planned failure.</summary>
    public const int FailureExitCode = 3;

    /// <summary>The command line that sleeps <paramref name="seconds"/>, then fails with <paramref name="failure"/> or writes <paramref name="result"/>.</summary>
    public static IReadOnlyList<string> For(double seconds, string? failure, CalculationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sleep = seconds.ToString("0.###", CultureInfo.InvariantCulture);
        if (failure != null)
        {
            return ["/bin/sh", "-c", $"sleep \"$1\"; printf '%s\\n' \"$2\" >&2; exit {FailureExitCode}", "mock", sleep, failure];
        }

        var json = new JsonObject
        {
            ["energy"] = result.Energy,
            ["forces"] = new JsonArray(result.Forces.Select(f => (JsonNode?)new JsonArray(f.Select(x => (JsonNode?)x).ToArray())).ToArray()),
            ["stress"] = result.Stress == null ? null : new JsonArray(result.Stress.Select(x => (JsonNode?)x).ToArray()),
        }.ToJsonString();
        return ["/bin/sh", "-c", $"sleep \"$1\" && printf '%s\\n' \"$2\" > {ResultFileName}.tmp && mv -f {ResultFileName}.tmp {ResultFileName}", "mock", sleep, json];
    }

    /// <summary>The energy, forces and stress the command wrote, or null when the file is missing or damaged.</summary>
    public static (double Energy, double[][] Forces, double[]? Stress)? ReadResult(string path)
    {
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject json
                || json["energy"] is not JsonValue energy
                || json["forces"] is not JsonArray forces)
            {
                return null;
            }

            var stress = json["stress"] is JsonArray s ? s.Select(x => x!.GetValue<double>()).ToArray() : null;
            return (energy.GetValue<double>(), forces.Select(f => f!.AsArray().Select(x => x!.GetValue<double>()).ToArray()).ToArray(), stress);
        }
        catch (Exception e) when (e is IOException or JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
