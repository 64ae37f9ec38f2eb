using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Calculators.Mock;

/// <summary>
/// The structures of a campaign that asks for <c>jobs.count</c> instead of a structures file: two-atom silicon
/// cells, each rattled by a displacement derived from its job number only, so the same job always gets the same
/// structure (and the mock the same energy) without storing anything.
/// </summary>
public static class MockStructures
{
    private const double HalfLattice = 2.715;

    /// <summary>The structure of job number <paramref name="sequence"/> (1-based).</summary>
    public static Structure ForJob(int sequence)
    {
        var random = new SplitMix64((ulong)sequence);
        double Rattle() => (random.NextDouble() - 0.5) * 0.1;
        double[][] cell = [[0, HalfLattice, HalfLattice], [HalfLattice, 0, HalfLattice], [HalfLattice, HalfLattice, 0]];
        double[][] positions =
        [
            [Rattle(), Rattle(), Rattle()],
            [1.3575 + Rattle(), 1.3575 + Rattle(), 1.3575 + Rattle()],
        ];
        return new Structure([14, 14], positions, cell, [true, true, true], [], []);
    }

    /// <summary>A tiny, fixed pseudo-random sequence (System.Random's output is not guaranteed across versions).</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong state = seed;

        public double NextDouble()
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
    }
}
