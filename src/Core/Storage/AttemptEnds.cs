namespace AutoPipe.Core.Storage;

/// <summary>The names <see cref="AttemptEnd"/> is stored by, both ways.</summary>
public static class AttemptEnds
{
    /// <summary>The stored name: <c>completed</c>, <c>failed</c> or <c>interrupted</c>.</summary>
    public static string Name(this AttemptEnd end) => end switch
    {
        AttemptEnd.Completed => "completed",
        AttemptEnd.Failed => "failed",
        AttemptEnd.Interrupted => "interrupted",
        _ => throw new ArgumentOutOfRangeException(nameof(end), end, null),
    };

    /// <summary>The end a stored name says; <see cref="FormatException"/> for any other text.</summary>
    public static AttemptEnd Parse(string name) => name switch
    {
        "completed" => AttemptEnd.Completed,
        "failed" => AttemptEnd.Failed,
        "interrupted" => AttemptEnd.Interrupted,
        _ => throw new FormatException($"'{name}' is not how an attempt ends (completed, failed, interrupted)"),
    };
}
