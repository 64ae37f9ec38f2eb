using System.Text.Json.Nodes;

namespace AutoPipe.Core.Storage;

/// <summary>One row of results.db as <c>autopipe results</c> lists it.</summary>
/// <param name="Id">ASE row id.</param>
/// <param name="JobId">The job.</param>
/// <param name="Formula">Chemical formula (Hill-like: elements in order of appearance with counts).</param>
/// <param name="Energy">Energy in eV.</param>
/// <param name="Fmax">Largest force in eV/Angstrom.</param>
/// <param name="Attempts">Attempts the job took.</param>
/// <param name="Calculator">Calculator name.</param>
/// <param name="Provenance">The row's <c>data["provenance"]</c>, or null for a row written before provenance was recorded.</param>
public sealed record ResultSummary(long Id, string JobId, string Formula, double Energy, double? Fmax, int Attempts, string Calculator, JsonObject? Provenance = null);
