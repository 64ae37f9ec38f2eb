using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Planning;

/// <summary>One job of a plan: its 1-based position in the input, its stable id and its structure.</summary>
/// <param name="Sequence">1-based position in input order.</param>
/// <param name="JobId">The stable id (from the frame's <c>job_id</c> info key, or <c>job-0001</c>, ...).</param>
/// <param name="Structure">The structure, or null for generated mock structures (<see cref="Calculators.Mock.MockStructures"/>).</param>
public sealed record PlannedJob(int Sequence, string JobId, Structure? Structure);
