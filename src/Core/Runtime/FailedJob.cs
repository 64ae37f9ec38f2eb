using System.Text.Json.Serialization;

namespace AutoPipe.Core.Runtime;

/// <summary>
/// A job that failed for good and why, as every runtime reports it (status, <c>status --json</c>'s
/// <c>failed_jobs</c>, the workflow's progress and result). In JSON it is one string, <c>job: reason</c>, the form
/// the workflow's recorded histories and continue-as-new states already hold (<see cref="FailedJobJsonConverter"/>).
/// </summary>
/// <param name="JobId">The job.</param>
/// <param name="Reason">Why it failed (<see cref="AttemptTexts.Failure"/> with how the retries ended).</param>
[JsonConverter(typeof(FailedJobJsonConverter))]
public sealed record FailedJob(string JobId, string Reason)
{
    /// <summary>The one-line form, <c>job: reason</c>.</summary>
    public override string ToString() => $"{JobId}: {Reason}";

    /// <summary>Reads the one-line form back; a text with no <c>": "</c> is a job id with no reason.</summary>
    public static FailedJob Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = text.IndexOf(": ", StringComparison.Ordinal);
        return separator < 0 ? new FailedJob(text, "") : new FailedJob(text[..separator], text[(separator + 2)..]);
    }
}
