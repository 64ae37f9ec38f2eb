namespace AutoPipe.Core.Calculators;

/// <summary>An attempt that failed for a classified reason.</summary>
public sealed class CalculationFailedException : Exception
{
    /// <summary>Creates the failure.</summary>
    public CalculationFailedException(FailureKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
    }

    /// <summary>What kind of failure it is; the retry policy decides on it.</summary>
    public FailureKind Kind { get; }
}
