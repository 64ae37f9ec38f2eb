using AutoPipe.Client.Demos;
using AutoPipe.Core.Storage;

namespace AutoPipe.Client.Tests.Demos;

public class DemoJournalTests
{
    private static readonly DateTimeOffset t0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PeakConcurrency_OverlappingAndBackToBackAttempts_CountsOnlyOverlaps()
    {
        AttemptRecord[] attempts =
        [
            Attempt(1, 0, 2), Attempt(2, 1, 3), Attempt(3, 1.5, 2.5), // three at once from 1.5 s to 2 s
            Attempt(4, 3, 4), Attempt(5, 4, 5), // back to back: one at a time
        ];

        Assert.Equal(3, DemoJournal.PeakConcurrency(attempts));
        Assert.Equal(1, DemoJournal.PeakConcurrency(attempts[3..]));
        Assert.Equal(0, DemoJournal.PeakConcurrency([]));
    }

    private static AttemptRecord Attempt(int sequence, double start, double end) =>
        new(sequence, 1, 1, t0.AddSeconds(start), t0.AddSeconds(end), AttemptEnd.Completed, null, null);
}
