namespace AutoPipe.Core.Export;

/// <summary>A file the export wrote.</summary>
/// <param name="Path">Its path.</param>
/// <param name="Part">The split part it holds, or null for an unsplit export.</param>
/// <param name="Frames">How many frames it holds.</param>
public sealed record ExportedFile(string Path, string? Part, int Frames);
