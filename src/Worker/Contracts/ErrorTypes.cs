using AutoPipe.Core.Calculators;

namespace AutoPipe.Worker.Contracts;

/// <summary>
/// Error types of the application failures AutoPipe raises, besides the <see cref="FailureKind"/> names of
/// classified calculation failures.
/// </summary>
public static class ErrorTypes
{
    /// <summary>The named calculator is not in the worker's allow-list: the campaign cannot run there.</summary>
    public const string UnknownCalculator = "UnknownCalculator";

    /// <summary>The worker is shutting down; the attempt is retried elsewhere by the activity retry policy.</summary>
    public const string WorkerShutdown = "WorkerShutdown";

    /// <summary>A projector was asked about a campaign it does not own.</summary>
    public const string WrongProjector = "WrongProjector";

    /// <summary>The workflow's input is invalid.</summary>
    public const string InvalidInput = "InvalidInput";

    /// <summary>The projector's job source answered something the workflow cannot use.</summary>
    public const string InvalidJobBatch = "InvalidJobBatch";

    /// <summary>Every <see cref="FailureKind"/> name: classified failures, decided by the workflow, never retried by the activity policy.</summary>
    public static IReadOnlyList<string> ClassifiedFailures { get; } = Enum.GetNames<FailureKind>();

    /// <summary>Reads a classified failure kind from an error type.</summary>
    public static bool TryParseFailureKind(string? errorType, out FailureKind kind)
    {
        kind = default;
        return errorType != null && ClassifiedFailures.Contains(errorType, StringComparer.Ordinal)
            && Enum.TryParse(errorType, ignoreCase: false, out kind);
    }
}
