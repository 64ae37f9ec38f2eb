using System.Text.Json.Serialization;

namespace AutoPipe.Worker.Contracts;

/// <summary>The argument of the workflow's <c>Cancel</c> update and <c>RequestCancel</c> signal.</summary>
/// <param name="Reason">Why, for the log and the result.</param>
public sealed record CancelRequest([property: JsonPropertyName("reason")] string Reason);
