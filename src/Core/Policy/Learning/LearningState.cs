using System.Text.Json.Serialization;

namespace AutoPipe.Core.Policy.Learning;

/// <summary>
/// Everything a campaign's learning knows, small and serializable: it travels through Temporal's continue-as-new and
/// is kept in the embedded runtime's journal, so a resumed campaign goes on learning where it stopped.
/// </summary>
/// <param name="Active">The learned corrections, at most one per failure kind, in the order they were learned.</param>
/// <param name="Candidates">Repairs seen, not yet learned (at most <see cref="CorrectionLearning.MaxCandidates"/>, the latest).</param>
public sealed record LearningState(
    [property: JsonPropertyName("active")] IReadOnlyList<LearnedCorrection> Active,
    [property: JsonPropertyName("candidates")] IReadOnlyList<RepairCandidate> Candidates)
{
    /// <summary>A campaign that has learned nothing.</summary>
    public static LearningState Empty { get; } = new([], []);
}
