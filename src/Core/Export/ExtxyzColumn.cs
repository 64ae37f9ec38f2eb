namespace AutoPipe.Core.Export;

/// <summary>One per-atom column of an extended XYZ frame: its Properties entry and each atom's formatted cells.</summary>
/// <param name="Name">The property name.</param>
/// <param name="Type">R, I, S or L.</param>
/// <param name="Width">Cells per atom.</param>
/// <param name="Cells">Per atom, <see cref="Width"/> cells already formatted.</param>
internal sealed record ExtxyzColumn(string Name, char Type, int Width, string[][] Cells);
