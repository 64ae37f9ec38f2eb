using System.Diagnostics;

namespace AutoPipe.Tests.Shared;

/// <summary>Waits on a condition with a deadline, checking it every few milliseconds (never a blind sleep).</summary>
public static class Poll
{
    private static readonly TimeSpan interval = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds; throws, naming <paramref name="what"/>, after <paramref name="seconds"/>.</summary>
    public static void Until(Func<bool> condition, int seconds, string what)
    {
        if (!WithinAsync(condition, TimeSpan.FromSeconds(seconds)).GetAwaiter().GetResult())
        {
            throw new TimeoutException($"not reached within {seconds} s: {what}");
        }
    }

    /// <summary>True as soon as <paramref name="condition"/> holds, false once <paramref name="deadline"/> has passed.</summary>
    public static async Task<bool> WithinAsync(Func<bool> condition, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > deadline)
            {
                return false;
            }

            await Task.Delay(interval);
        }

        return true;
    }
}
