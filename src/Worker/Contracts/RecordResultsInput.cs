using System.Text.Json.Serialization;
using AutoPipe.Core.Policy.Learning;

namespace AutoPipe.Worker.Contracts;

/// <summary>The input of the projector's <c>RecordResults</c> activity.</summary>
/// <param name="Campaign">The campaign's name; a projector serves one campaign and refuses others.</param>
/// <param name="Outcomes">A small batch of finished jobs.</param>
/// <param name="Learning">What the campaign has learned from its repairs (for status and the report); null in runs that do not learn.</param>
public sealed record RecordResultsInput(
    [property: JsonPropertyName("campaign")] string Campaign,
    [property: JsonPropertyName("outcomes")] IReadOnlyList<JobOutcome> Outcomes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonPropertyName("learning")] LearningState? Learning = null);
