using System.Text.Json.Serialization;

namespace AutoPipe.Worker.Contracts;

/// <summary>The input of the projector's <c>RecordResults</c> activity.</summary>
/// <param name="Campaign">The campaign's name; a projector serves one campaign and refuses others.</param>
/// <param name="Outcomes">A small batch of finished jobs.</param>
public sealed record RecordResultsInput(
    [property: JsonPropertyName("campaign")] string Campaign,
    [property: JsonPropertyName("outcomes")] IReadOnlyList<JobOutcome> Outcomes);
