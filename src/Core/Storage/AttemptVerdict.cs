using System.Text.Json.Serialization;

namespace AutoPipe.Core.Storage;

/// <summary>
/// What an attempt came to in its job's story, as the report and the live dashboard colour it: the stored
/// <see cref="AttemptEnd"/>, told apart for a failure by what followed it (<see cref="AttemptVerdicts.Of"/>).
/// In JSON (the dashboard's feed) by its lower-case name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AttemptVerdict>))]
public enum AttemptVerdict
{
    /// <summary>It produced the job's result.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>It failed and the next attempt ran with corrected parameters.</summary>
    [JsonStringEnumMemberName("corrected")]
    Corrected,

    /// <summary>It failed and the job was tried again unchanged.</summary>
    [JsonStringEnumMemberName("retried")]
    Retried,

    /// <summary>It failed and was the job's last attempt: the job failed for good.</summary>
    [JsonStringEnumMemberName("failed")]
    GaveUp,

    /// <summary>It was cut short (a stopped manager, a lost worker); the job was resubmitted.</summary>
    [JsonStringEnumMemberName("interrupted")]
    Interrupted,
}
