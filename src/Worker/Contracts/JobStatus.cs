using System.Text.Json.Serialization;

namespace AutoPipe.Worker.Contracts;

/// <summary>How a job ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    /// <summary>An attempt succeeded; the outcome carries its result.</summary>
    Completed,

    /// <summary>The retry policy gave up; the outcome carries why.</summary>
    Failed,
}
