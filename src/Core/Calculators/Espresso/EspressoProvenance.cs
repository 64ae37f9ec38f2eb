using System.Security.Cryptography;

namespace AutoPipe.Core.Calculators.Espresso;

/// <summary>Builds a pw.x result's provenance from what its output reports and the pseudopotential files it was given.</summary>
internal static class EspressoProvenance
{
    /// <summary>
    /// The provenance of a run: <paramref name="run"/>'s program, version, SCF and CPU time; each pseudopotential's
    /// printed MD5 checked against the file AutoPipe named (<paramref name="pseudoPaths"/>, by element); the <paramref name="host"/> it ran on.
    /// </summary>
    public static CalculationProvenance From(EspressoRunInfo? run, IReadOnlyDictionary<string, string> pseudoPaths, string? host, double wallSeconds)
    {
        var pseudopotentials = new List<PseudopotentialFile>();
        foreach (var (element, printed, md5) in run?.Pseudopotentials ?? [])
        {
            var path = pseudoPaths.TryGetValue(element, out var given) ? given : printed;
            pseudopotentials.Add(new PseudopotentialFile(element, Path.GetFileName(path), md5, string.Equals(Md5Of(path), md5, StringComparison.Ordinal)));
        }

        return new CalculationProvenance(
            run?.Program ?? "PWSCF",
            run?.Version,
            host,
            wallSeconds,
            run?.CpuSeconds,
            run?.ScfIterations,
            run?.ScfAccuracyRy,
            pseudopotentials);
    }

    private static string? Md5Of(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            // MD5 identifies the file, as pw.x and AiiDA do; it is not used for security.
            return Convert.ToHexStringLower(MD5.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
