namespace AutoPipe.Client.Commands;

/// <summary>How <c>autopipe run</c> shows its progress on the console (<c>--progress</c>).</summary>
internal enum ProgressMode
{
    /// <summary>The live display on a terminal (unless quiet), plain lines otherwise: the default.</summary>
    Auto,

    /// <summary>The live display, even when the output is redirected.</summary>
    Live,

    /// <summary>A progress line every few seconds.</summary>
    Plain,

    /// <summary>No progress lines (the log and the summary only).</summary>
    None,
}
