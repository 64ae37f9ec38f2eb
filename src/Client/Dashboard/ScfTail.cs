using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Espresso;

namespace AutoPipe.Client.Dashboard;

/// <summary>
/// pw.x's estimated SCF accuracy per iteration, read from a running attempt's <c>espresso.pwo</c> as it grows: each
/// look reads only the bytes added since the last one (whole lines), parsed as the calculator itself parses them.
/// </summary>
internal sealed class ScfTail
{
    private readonly string path;
    private readonly List<double> accuracies = [];
    private long offset;
    private string pending = "";

    public ScfTail(string path)
    {
        this.path = path;
    }

    /// <summary>The accuracies so far (the latest <see cref="CalculationProgress.MaxScfAccuracies"/>), after reading what was added.</summary>
    public IReadOnlyList<double> Read()
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < offset)
            {
                // Replaced (a new file under the same name): start again.
                (offset, pending) = (0, "");
                accuracies.Clear();
            }

            stream.Seek(offset, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var text = pending + reader.ReadToEnd();
            offset = stream.Position;
            var lastNewline = text.LastIndexOf('\n');
            pending = lastNewline < 0 ? text : text[(lastNewline + 1)..];
            if (lastNewline >= 0)
            {
                accuracies.AddRange(EspressoOutputParser.ScfAccuracies(text[..(lastNewline + 1)]));
                if (accuracies.Count > CalculationProgress.MaxScfAccuracies)
                {
                    accuracies.RemoveRange(0, accuracies.Count - CalculationProgress.MaxScfAccuracies);
                }
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            // Not written yet (pw.x starting, a Slurm job queued) or gone: what was read stands.
        }

        return accuracies;
    }
}
