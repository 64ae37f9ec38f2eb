namespace AutoPipe.Client.Temporal;

/// <summary>The Temporal server cannot be reached; the CLI exits with 3 (see <see cref="ExitCodes.Unavailable"/>).</summary>
internal sealed class TemporalUnavailableException(string message, Exception inner) : Exception(message, inner);
