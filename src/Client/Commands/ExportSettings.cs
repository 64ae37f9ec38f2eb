using AutoPipe.Core.Export;

namespace AutoPipe.Client.Commands;

/// <summary>What <c>autopipe export</c> was asked to do, read once from its command line (the keys are checked by the export itself).</summary>
/// <param name="Workdir">The campaign's working directory.</param>
/// <param name="Output">The extended XYZ file to write (split parts are named after it).</param>
/// <param name="EnergyKey">Name of the energy label.</param>
/// <param name="ForcesKey">Name of the forces label.</param>
/// <param name="StressKey">Name of the stress label.</param>
/// <param name="Stress">Nine values or six.</param>
/// <param name="Split">The parts of <c>--split</c>, e.g. <c>train=0.9,valid=0.1</c>; empty for one file.</param>
/// <param name="Seed">The split's seed.</param>
/// <param name="Select">The <c>--select</c> query, or null for every row.</param>
internal sealed record ExportSettings(
    string Workdir, string Output, string EnergyKey, string ForcesKey, string StressKey, StressLayout Stress, IReadOnlyList<SplitPart> Split, long Seed, RowSelection? Select);
