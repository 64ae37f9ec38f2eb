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

    /// <summary>
    /// Reads with <paramref name="read"/> until what it reads satisfies <paramref name="condition"/> and returns it;
    /// throws after <paramref name="seconds"/>, naming <paramref name="what"/> and the last value read.
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, int seconds, string what)
    {
        var last = default(T);
        var reached = await WithinAsync(
            async () =>
            {
                last = await read();
                return condition(last);
            },
            TimeSpan.FromSeconds(seconds));
        return reached ? last! : throw new TimeoutException($"not reached within {seconds} s: {what}; last read: {last}");
    }

    /// <summary>True as soon as <paramref name="condition"/> holds, false once <paramref name="deadline"/> has passed.</summary>
    public static Task<bool> WithinAsync(Func<bool> condition, TimeSpan deadline) => WithinAsync(() => Task.FromResult(condition()), deadline);

    /// <summary>True as soon as <paramref name="condition"/> holds, false once <paramref name="deadline"/> has passed.</summary>
    public static async Task<bool> WithinAsync(Func<Task<bool>> condition, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
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
