using System.Globalization;
using System.Text.Json.Nodes;
using AutoPipe.Core.Json;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Calculators.Espresso;

/// <summary>pw.x 6.7's default number of bands (<c>setup.f90</c>), from the pseudopotentials' valence charge.</summary>
internal static class EspressoBandCount
{
    /// <summary>
    /// pw.x's default <c>nbnd</c>: half the electrons (all of them when non-collinear), and for smearing or tetrahedra
    /// the larger of 20% more and four more.
    /// </summary>
    public static int Default(Structure structure, IReadOnlyDictionary<string, JsonNode> parameters, Func<string, double> valence)
    {
        var electrons = structure.Symbols.Sum(valence);
        if (JsonNumbers.TryGetDouble(Find(parameters, "tot_charge"), out var charge))
        {
            electrons -= charge;
        }

        var degeneracy = JsonNumbers.GetBoolean(Find(parameters, "noncolin")) == true ? 1.0 : 2.0;
        var bands = (int)Math.Round(electrons / degeneracy, MidpointRounding.AwayFromZero);
        var occupations = JsonNumbers.GetString(Find(parameters, "occupations"))?.ToLowerInvariant() ?? "fixed";
        if (occupations is "smearing" or "tetrahedra" or "tetrahedra_lin" or "tetrahedra_opt")
        {
            bands = Math.Max((int)Math.Round(1.2 * electrons / degeneracy, MidpointRounding.AwayFromZero), bands + 4);
        }

        return Math.Max(bands, 1);
    }

    /// <summary>The valence charge a UPF file declares (v1 <c>Z valence</c> line or v2 <c>z_valence</c> attribute), as ASE's <c>grep_valence</c>.</summary>
    public static double ReadValence(string upfPath)
    {
        foreach (var line in File.ReadLines(upfPath))
        {
            if (line.Contains("z valence", StringComparison.OrdinalIgnoreCase))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            var at = line.IndexOf("z_valence", StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                var value = line[(at + "z_valence".Length)..].TrimStart(' ', '=').TrimStart('"', ' ');
                var end = value.IndexOfAny(['"', ' ', '/', '>']);
                return double.Parse(end < 0 ? value : value[..end], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        throw new CalculationFailedException(FailureKind.InputError, $"no valence charge (z_valence) in {upfPath}");
    }

    private static JsonNode? Find(IReadOnlyDictionary<string, JsonNode> parameters, string key) =>
        parameters.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
}
