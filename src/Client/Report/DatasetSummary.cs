using System.Text.Json;
using System.Text.Json.Nodes;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Report;

/// <summary>
/// The report's dataset section, from the rows of results.db: how many frames of each config_type, the energy per atom
/// and force-magnitude distributions a potential will be trained on, and what a calculation cost by structure size.
/// </summary>
/// <param name="ConfigTypes">Rows per config_type (rows without one under <see cref="NoConfigType"/>), most first.</param>
/// <param name="EnergyPerAtom">Each row's energy divided by its atom count, eV/atom.</param>
/// <param name="ForceMagnitudes">Every atom's force magnitude |F|, eV/Angstrom.</param>
/// <param name="Cost">Per atom count: calculations and their wall times in seconds (rows with a recorded wall time).</param>
internal sealed record DatasetSummary(
    IReadOnlyList<(string ConfigType, int Count)> ConfigTypes,
    double[] EnergyPerAtom,
    double[] ForceMagnitudes,
    IReadOnlyList<(int Atoms, double[] WallSeconds)> Cost)
{
    public const string NoConfigType = "(no config_type)";

    public static DatasetSummary Empty { get; } = new([], [], [], []);

    public int Frames => ConfigTypes.Sum(c => c.Count);

    /// <summary>Reads <paramref name="resultsDb"/> (read-only; safe while a run writes).</summary>
    public static DatasetSummary Load(string resultsDb)
    {
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        var energies = new List<double>();
        var forces = new List<double>();
        var cost = new SortedDictionary<int, List<double>>();
        foreach (var row in AseResultsReader.ReadRows(resultsDb))
        {
            var given = row.KeyValuePairs["config_type"] as JsonValue;
            var type = given is null ? NoConfigType : given.GetValueKind() == JsonValueKind.String ? given.GetValue<string>() : given.ToJsonString();
            types[type] = types.GetValueOrDefault(type) + 1;
            var atoms = row.Numbers.Length;
            if (row.Energy is double energy && atoms > 0 && double.IsFinite(energy))
            {
                energies.Add(energy / atoms);
            }

            foreach (var f in row.Forces ?? [])
            {
                forces.Add(Math.Sqrt((f[0] * f[0]) + (f[1] * f[1]) + (f[2] * f[2])));
            }

            if (row.Data["provenance"]?["wall_time_s"] is JsonValue recorded && recorded.GetValueKind() == JsonValueKind.Number && recorded.GetValue<double>() is var wall)
            {
                if (!cost.TryGetValue(atoms, out var walls))
                {
                    cost[atoms] = walls = [];
                }

                walls.Add(wall);
            }
        }

        return new DatasetSummary(
            types.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)).ToList(),
            [.. energies],
            [.. forces],
            cost.Select(c => (c.Key, c.Value.ToArray())).ToList());
    }
}
