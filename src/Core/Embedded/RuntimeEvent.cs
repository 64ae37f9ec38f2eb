using AutoPipe.Core.Calculators;
using AutoPipe.Core.Policy.Learning;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Embedded;

/// <summary>What the worker slots tell the journal writer.</summary>
internal abstract record RuntimeEvent(int Sequence, int Attempt, int Slot)
{
    /// <summary>An attempt began (a first one with the corrections the campaign had learned, if any).</summary>
    public sealed record Started(int Sequence, int Attempt, int Slot, IReadOnlyList<LearnedCorrection> Learned) : RuntimeEvent(Sequence, Attempt, Slot);

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

        /// <summary>Completed by the writer once this event is durable and acted on; awaited by a slot that needs it.</summary>
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
