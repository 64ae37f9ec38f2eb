namespace AutoPipe.Client.Dashboard;

/// <summary>
/// A histogram of a stream of values in a fixed number of equal bins whose range grows as values arrive: a value
/// outside the range doubles the bin width (adjacent bins merge) until it fits. Constant memory and constant cost a
/// value, however many rows a campaign has; the bins are exact counts at the current width.
/// </summary>
internal sealed class StreamingHistogram
{
    private readonly long[] counts;
    private double low;
    private double width;

    public StreamingHistogram(int bins = 40)
    {
        counts = new long[bins];
    }

    /// <summary>Values counted.</summary>
    public long Count { get; private set; }

    /// <summary>Lower edge of the first bin.</summary>
    public double Low => low;

    /// <summary>Width of every bin.</summary>
    public double Width => width;

    /// <summary>The counts, bin by bin.</summary>
    public IReadOnlyList<long> Counts => counts;

    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            return;
        }

        if (Count == 0)
        {
            // Centre the first value in a narrow range; later values widen it as needed.
            width = Math.Max(Math.Abs(value) * 1e-4, 1e-9);
            low = value - (width * counts.Length / 2);
        }

        while (value < low)
        {
            Widen(downward: true);
        }

        while (value >= low + (width * counts.Length))
        {
            Widen(downward: false);
        }

        var bin = Math.Clamp((int)((value - low) / width), 0, counts.Length - 1);
        counts[bin]++;
        Count++;
    }

    /// <summary>Doubles the width: pairs of bins merge into the lower half (growing upward) or the upper half (downward).</summary>
    private void Widen(bool downward)
    {
        var n = counts.Length;
        var merged = new long[n];
        for (var i = 0; i < n; i++)
        {
            var target = downward ? (n / 2) + (i / 2) : i / 2;
            merged[Math.Min(target, n - 1)] += counts[i];
        }

        if (downward)
        {
            low -= width * n;
        }

        width *= 2;
        Array.Copy(merged, counts, n);
    }
}
