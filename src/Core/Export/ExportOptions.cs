namespace AutoPipe.Core.Export;

/// <summary>What <see cref="TrainingSetExporter"/> writes and how. The defaults are ASE's own conventions.</summary>
public sealed record ExportOptions
{
    /// <summary>The info key of the energy (eV). Default <c>energy</c>: ASE reads it back as the calculator's energy.</summary>
    public string EnergyKey { get; init; } = "energy";

    /// <summary>The per-atom array of the forces (eV/Angstrom). Default <c>forces</c>: ASE reads it back as the calculator's forces.</summary>
    public string ForcesKey { get; init; } = "forces";

    /// <summary>The info key of the stress (eV/Angstrom^3, ASE's sign). Default <c>stress</c>.</summary>
    public string StressKey { get; init; } = "stress";

    /// <summary>Nine values (ASE's writer) or six (Voigt).</summary>
    public StressLayout Stress { get; init; } = StressLayout.Full;

    /// <summary>The parts to split the rows into; empty writes one file.</summary>
    public IReadOnlyList<SplitPart> Split { get; init; } = [];

    /// <summary>The seed of the split: the same seed and job id always land in the same part.</summary>
    public long Seed { get; init; }

    /// <summary>Which rows to export, in ASE's query syntax; null exports every row.</summary>
    public RowSelection? Selection { get; init; }

    /// <summary>Whether the labels go under ASE's own names (read back into a SinglePointCalculator).</summary>
    internal bool DefaultEnergyKey => EnergyKey == "energy";
}
