using System.Text.Json.Serialization;

namespace AutoPipe.Core.Storage;

/// <summary>
/// How an attempt ended, as every runtime records it: the journal's <c>attempts.outcome</c> and the attempt records a
/// Temporal workflow hands its projector hold its lower-case name (<see cref="AttemptEnds.Name"/>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AttemptEnd>))]
public enum AttemptEnd
{
    /// <summary>It produced a result.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>It failed for a classified reason.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>It was cut short: its manager stopped, or its worker was lost.</summary>
    [JsonStringEnumMemberName("interrupted")]
    Interrupted,
}
