using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Core.Policy.Learning;

/// <summary>What one finished calculation tells the campaign's learning, the same on both runtimes.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Completed">True when its last attempt succeeded.</param>
/// <param name="Failures">The classified failure of each failed attempt, in order.</param>
/// <param name="FirstParameters">The parameters its first attempt ran with, learned settings included.</param>
/// <param name="LastParameters">The parameters its last attempt ran with.</param>
/// <param name="StartedWith">The learned corrections it started with.</param>
public sealed record FinishedJob(
    string JobId,
    bool Completed,
    IReadOnlyList<FailureKind> Failures,
    IReadOnlyDictionary<string, JsonNode> FirstParameters,
    IReadOnlyDictionary<string, JsonNode> LastParameters,
    IReadOnlyList<LearnedCorrection> StartedWith);
