using System.Text.Json.Serialization;

namespace AutoPipe.Worker.Contracts;

/// <summary>The input of the projector's <c>LoadJobBatch</c> activity.</summary>
/// <param name="Campaign">The campaign's name; a projector serves one campaign and refuses others.</param>
/// <param name="FromSequence">The first job's 1-based sequence.</param>
/// <param name="MaxCount">At most this many jobs.</param>
public sealed record LoadJobBatchInput(
    [property: JsonPropertyName("campaign")] string Campaign,
    [property: JsonPropertyName("fromSequence")] int FromSequence,
    [property: JsonPropertyName("maxCount")] int MaxCount);
