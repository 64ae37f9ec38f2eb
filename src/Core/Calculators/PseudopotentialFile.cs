namespace AutoPipe.Core.Calculators;

/// <summary>One pseudopotential a calculation read, identified by checksum as AiiDA's <c>UpfData</c> keeps it.</summary>
/// <param name="Element">The element it is for.</param>
/// <param name="File">Its file name (in the pseudopotential folder).</param>
/// <param name="Md5">The MD5 checksum the code printed for the file it read (lowercase hex).</param>
/// <param name="Md5Verified">Whether that checksum equals the MD5 of the file AutoPipe named in the input.</param>
public sealed record PseudopotentialFile(string Element, string File, string Md5, bool Md5Verified);
