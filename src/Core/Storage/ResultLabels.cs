namespace AutoPipe.Core.Storage;

/// <summary>The labels of one row of results.db, as a dashboard charts them.</summary>
/// <param name="Id">The ASE row id (ids grow as rows are written: the cursor of a follower).</param>
/// <param name="JobId">The job.</param>
/// <param name="Atoms">Atoms in the structure.</param>
/// <param name="Energy">Energy in eV.</param>
/// <param name="ForceMagnitudes">The magnitude of the force on each atom, in eV/Angstrom (empty when the row has no forces).</param>
public sealed record ResultLabels(long Id, string JobId, int Atoms, double Energy, IReadOnlyList<double> ForceMagnitudes);
