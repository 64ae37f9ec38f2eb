namespace AutoPipe.Core.Export;

/// <summary>What an export wrote.</summary>
/// <param name="Rows">Rows in the database.</param>
/// <param name="Selected">Rows the selection kept (all of them without one).</param>
/// <param name="Files">The files written, in split order.</param>
public sealed record ExportResult(int Rows, int Selected, IReadOnlyList<ExportedFile> Files);
