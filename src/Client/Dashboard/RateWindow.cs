namespace AutoPipe.Client.Dashboard;

/// <summary>Completions per second over the last minute, in one-second buckets (constant memory at any rate).</summary>
internal sealed class RateWindow
{
    private const int Seconds = 60;
    private readonly long[] buckets = new long[Seconds];
    private long newestSecond = long.MinValue;

    /// <summary>Counts a completion at <paramref name="at"/> (Unix milliseconds); older than the window is ignored.</summary>
    public void Add(double at)
    {
        var second = (long)Math.Floor(at / 1000);
        Advance(second);
        if (second > newestSecond - Seconds)
        {
            buckets[Mod(second)]++;
        }
    }

    /// <summary>Completions per second over the last minute before <paramref name="now"/>, or over the time since <paramref name="since"/> when that is shorter.</summary>
    public double PerSecond(double now, double since)
    {
        Advance((long)Math.Floor(now / 1000));
        var total = buckets.Sum();
        var span = Math.Clamp((now - since) / 1000, 1, Seconds);
        return total / span;
    }

    private void Advance(long second)
    {
        if (newestSecond == long.MinValue)
        {
            newestSecond = second;
            return;
        }

        if (second <= newestSecond)
        {
            return;
        }

        for (var s = Math.Max(newestSecond + 1, second - Seconds + 1); s <= second; s++)
        {
            buckets[Mod(s)] = 0;
        }

        if (second - newestSecond >= Seconds)
        {
            Array.Clear(buckets);
        }

        newestSecond = second;
    }

    private static int Mod(long second) => (int)(((second % Seconds) + Seconds) % Seconds);
}
