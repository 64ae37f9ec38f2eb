namespace AutoPipe.Client.Report;

/// <summary>One figure of the report: a PNG, its file name, title and what it shows; <paramref name="Dataset"/> for the dataset section.</summary>
internal sealed record ReportFigure(string FileName, string Title, string Caption, byte[] Png, bool Dataset = false);
