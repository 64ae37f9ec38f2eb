using AutoPipe.Core.Calculators;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Embedded;

/// <summary>What the worker slots tell the journal writer.</summary>
internal abstract record RuntimeEvent(int Sequence, int Attempt, int Slot)
{
    /// <summary>An attempt began.</summary>
    public sealed record Started(int Sequence, int Attempt, int Slot) : RuntimeEvent(Sequence, Attempt, Slot);

    /// <summary>An attempt ended: with a result, a classified failure, or interrupted (neither).</summary>
    public sealed record Finished(
        int Sequence,
        int Attempt,
        int Slot,
        DateTimeOffset StartedAt,
        DateTimeOffset EndedAt,
        Structure Structure,
        CalculationResult? Result,
        FailureKind? FailureKind,
        string? Message) : RuntimeEvent(Sequence, Attempt, Slot)
    {
        public bool Interrupted => Result == null && FailureKind == null;
    }
}
