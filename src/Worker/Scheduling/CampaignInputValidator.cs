using System.Text.RegularExpressions;
using AutoPipe.Worker.Workflows;

namespace AutoPipe.Worker.Scheduling;

/// <summary>Checks a workflow input, reporting every problem at once (pure: used inside the workflow).</summary>
public static partial class CampaignInputValidator
{
    /// <summary>Most jobs in flight: Temporal allows 2,000 incomplete activities per run, and loads and records need room.</summary>
    public const int MaxWindow = 500;

    /// <summary>Most jobs or outcomes per batch activity, so that a batch of 100-atom structures stays below the SDK's 512 KiB warning.</summary>
    public const int MaxBatchSize = 40;

    /// <summary>Largest continue-as-new size threshold: a run drains a full window after it and must stay below 50 MB.</summary>
    public const long MaxContinueAsNewAfterBytes = 20L * 1024 * 1024;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex SafeName();

    /// <summary>Every problem of <paramref name="input"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(CampaignWorkflow.Input input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var problems = new List<string>();
        if (string.IsNullOrEmpty(input.Campaign) || !SafeName().IsMatch(input.Campaign))
        {
            problems.Add($"campaign: '{input.Campaign}' must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }

        if (string.IsNullOrEmpty(input.Calculator) || !SafeName().IsMatch(input.Calculator))
        {
            problems.Add($"calculator: '{input.Calculator}' must name a calculator of the workers' allow-list");
        }

        Range(problems, "window", input.Window, 1, MaxWindow);
        Range(problems, "batchSize", input.BatchSize, 1, MaxBatchSize);
        Range(problems, "recordBatchSize", input.RecordBatchSize, 1, MaxBatchSize);
        Range(problems, "activityMaxAttempts", input.ActivityMaxAttempts, 1, 100);
        Range(problems, "continueAsNewAfterEvents", input.ContinueAsNewAfterEvents, 10, TemporalLimits.HistoryEvents / 2);
        if (input.ContinueAsNewAfterBytes < 1024 || input.ContinueAsNewAfterBytes > MaxContinueAsNewAfterBytes)
        {
            problems.Add($"continueAsNewAfterBytes: must be between 1024 and {MaxContinueAsNewAfterBytes}, got {input.ContinueAsNewAfterBytes}");
        }

        Positive(problems, "recordIntervalSeconds", input.RecordIntervalSeconds);
        Positive(problems, "calculationTimeoutSeconds", input.CalculationTimeoutSeconds);
        Positive(problems, "heartbeatTimeoutSeconds", input.HeartbeatTimeoutSeconds);
        if (input.HeartbeatTimeoutSeconds > input.CalculationTimeoutSeconds)
        {
            problems.Add("heartbeatTimeoutSeconds: must not exceed calculationTimeoutSeconds");
        }

        if (input.Retry is { } retry)
        {
            problems.AddRange(retry.Problems());
        }

        if (input.State is { } state && (state.NextSequence < 1 || state.Run < 1))
        {
            problems.Add("state: is set by continue-as-new only and must not be hand-made");
        }

        return problems;
    }

    private static void Range(List<string> problems, string field, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            problems.Add($"{field}: must be between {min} and {max}, got {value}");
        }
    }

    private static void Positive(List<string> problems, string field, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            problems.Add($"{field}: must be a positive number of seconds, got {value}");
        }
    }
}
