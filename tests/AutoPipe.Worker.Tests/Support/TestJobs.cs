using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Planning;
using AutoPipe.Core.Structures;
using AutoPipe.Worker.Contracts;

namespace AutoPipe.Worker.Tests.Support;

internal static class TestJobs
{
    public static JobItem Job(int sequence, int total = 10) =>
        new(sequence, JobIds.Generated(sequence, total), JobStructure.From(MockStructures.ForJob(sequence)));

    public static JobBatch Batch(int from, int count, int total) =>
        new(Enumerable.Range(from, Math.Max(0, Math.Min(count, total - from + 1))).Select(i => Job(i, total)).ToList(), total);

    /// <summary>A periodic cell of <paramref name="atoms"/> atoms with coordinates at full double precision.</summary>
    public static Structure Large(int atoms)
    {
        var random = new Random(42);
        var positions = Enumerable.Range(0, atoms)
            .Select(_ => new[] { -random.NextDouble() * 1e-5, random.NextDouble() * 12.345678901234567, -random.NextDouble() * 12.3456789012345 })
            .ToList();
        double[][] cell = [[12.345678901234567, 0.1234567890123456, 0], [0.1234567890123456, 12.345678901234567, 0], [0, 0, 12.345678901234567]];
        return new Structure(Enumerable.Repeat(14, atoms).ToList(), positions, cell, [true, true, true], [], []);
    }
}
