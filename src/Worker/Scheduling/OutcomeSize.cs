using AutoPipe.Core.Calculators;
using AutoPipe.Core.Storage;
using AutoPipe.Worker.Contracts;

namespace AutoPipe.Worker.Scheduling;

/// <summary>
/// An upper bound of the bytes one <see cref="JobOutcome"/> takes in a <c>RecordResults</c> payload, from what it
/// holds and without serializing it (the workflow does this for every job): the forces grow with the atoms, the
/// parameters are measured, every text counts as if each character were escaped.
/// </summary>
public static class OutcomeSize
{
    /// <summary>Bytes one JSON number can take at full double precision, with its separator.</summary>
    private const int NumberBytes = 25;

    /// <summary>Names, ids, status, provenance framing and the execution record, never reached by a real outcome.</summary>
    private const int FixedBytes = 1_536;

    /// <summary>One attempt record's framing: names, two timestamps, numbers.</summary>
    private const int AttemptRecordBytes = 320;

    /// <summary>The most bytes one character of text takes in JSON (<c>\uXXXX</c>).</summary>
    private const int EscapedCharBytes = 6;

    /// <summary>The upper bound of <paramref name="outcome"/>'s size in a payload.</summary>
    public static long Estimate(JobOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        long bytes = FixedBytes + Text(outcome.JobId) + Text(outcome.Error);
        bytes += outcome.Corrections.Sum(Text) + (outcome.Failures?.Sum(Text) ?? 0) + (outcome.Learned?.Sum(Text) ?? 0);
        foreach (var attempt in outcome.AttemptLog ?? [])
        {
            bytes += AttemptRecordBytes + Text(attempt.Worker) + Text(attempt.Outcome.Name()) + Text(attempt.FailureKind) + Text(attempt.Message);
        }

        return bytes + (outcome.Result is { } result ? Result(result) : 0);
    }

    private static long Result(CalculationResult result)
    {
        // Each force is "[x,y,z],", plus energy, free energy and six stresses; the parameters are measured as JSON
        // (escaped, so their length bounds their bytes).
        long bytes = (result.Forces.Length * ((3L * NumberBytes) + 3)) + (8L * NumberBytes);
        bytes += Text(result.CalculatorName) + result.CalculatorParameters.ToJsonString().Length;
        bytes += Text(result.Execution?.Worker);
        if (result.Provenance is { } provenance)
        {
            bytes += Text(provenance.Code) + Text(provenance.Version) + Text(provenance.Host);
            bytes += provenance.Pseudopotentials?.Sum(p => 96 + Text(p.Element) + Text(p.File) + Text(p.Md5)) ?? 0;
        }

        return bytes;
    }

    private static long Text(string? text) => text == null ? 0 : 2 + (text.Length * (long)EscapedCharBytes);
}
