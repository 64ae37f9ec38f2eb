using AutoPipe.Client.Dashboard;

namespace AutoPipe.Client.Tests.Dashboard;

public class StreamingHistogramTests
{
    [Fact]
    public void Add_ValuesSpreadingBothWays_EveryValueCountedInTheBinThatHoldsIt()
    {
        var histogram = new StreamingHistogram(bins: 10);
        var values = Enumerable.Range(0, 1000).Select(i => Math.Sin(i) * (1 + (i % 7)) - 3).ToList();

        values.ForEach(histogram.Add);
        histogram.Add(double.NaN);

        Assert.Equal(1000, histogram.Count);
        Assert.Equal(1000, histogram.Counts.Sum());
        Assert.True(histogram.Low <= values.Min() && values.Max() < histogram.Low + (10 * histogram.Width), "the range holds every value");
        for (var bin = 0; bin < 10; bin++)
        {
            var low = histogram.Low + (bin * histogram.Width);
            // Exact at the current width: the bins are whole merges of the bins before.
            Assert.Equal(values.Count(v => v >= low - 1e-9 && v < low + histogram.Width - 1e-9), histogram.Counts[bin]);
        }
    }
}
