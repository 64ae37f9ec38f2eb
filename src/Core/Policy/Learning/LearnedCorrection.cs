using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AutoPipe.Core.Calculators;

namespace AutoPipe.Core.Policy.Learning;

/// <summary>
/// A numerical correction the campaign learned: the settings that repaired <see cref="Kind"/> in the calculations
/// <see cref="FromJobs"/>, which calculations not yet started now start with.
/// </summary>
/// <param name="Kind">The failure it repairs.</param>
/// <param name="Settings">The parameter values it sets (numerical keys only, as the calculator's policy declares them).</param>
/// <param name="FromJobs">The calculations it was learned from, in the order they finished.</param>
/// <param name="FailedInARow">Calculations started with it whose first attempt failed with <see cref="Kind"/> since it last worked, in order.</param>
public sealed record LearnedCorrection(
    [property: JsonPropertyName("kind")] FailureKind Kind,
    [property: JsonPropertyName("settings")] IReadOnlyDictionary<string, JsonNode> Settings,
    [property: JsonPropertyName("fromJobs")] IReadOnlyList<string> FromJobs,
    [property: JsonPropertyName("failedInARow")] IReadOnlyList<string>? FailedInARow = null)
{
    /// <summary>What it sets, e.g. <c>mixing_beta 0.35, electron_maxstep 200</c>.</summary>
    public string SettingsText => LearningSettings.Describe(Settings);

    /// <summary>One line for a row's provenance, the log and the report.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Kind} is repaired by {SettingsText} (learned from {string.Join(", ", FromJobs)})");
}
