namespace AutoPipe.Client.Tests.Support;

/// <summary>Waits on a condition with a deadline (never a blind sleep).</summary>
public static class Poll
{
    public static void Until(Func<bool> condition, int seconds, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not reached within {seconds} s: {what}");
            }

            Thread.Sleep(20);
        }
    }
}
