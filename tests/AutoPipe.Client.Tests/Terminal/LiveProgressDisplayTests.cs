using AutoPipe.Client.Terminal;
using AutoPipe.Core.Runtime;
using Serilog.Events;
using Spectre.Console.Testing;

namespace AutoPipe.Client.Tests.Terminal;

public sealed class LiveProgressDisplayTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static string Draw(CampaignProgress progress)
    {
        var console = new TestConsole().Width(120);
        console.Write(LiveProgressDisplay.Render(progress, [(LogEventLevel.Warning, "job-0002: Retrying calculation (attempt 2 of 3)... in 1 s")], Now));
        return console.Output;
    }

    [Fact]
    public void Render_EmbeddedRuntime_ShowsSlotsAttemptsAndProgress()
    {
        var progress = new CampaignProgress("c6", 12, 5, 1, 5, Now.AddSeconds(-10),
            [new InFlightCalculation("job-0007", 2, 2, 3, Now.AddSeconds(-41), "SCF iteration 7")]);

        var screen = Draw(progress);

        Assert.Contains("5 completed", screen, StringComparison.Ordinal);
        Assert.Contains("1 failed", screen, StringComparison.Ordinal);
        Assert.Contains("6 pending (1 running) of 12", screen, StringComparison.Ordinal);
        Assert.Contains("slot", screen, StringComparison.Ordinal);
        Assert.Contains("job-0007", screen, StringComparison.Ordinal);
        Assert.Contains("2 of 3", screen, StringComparison.Ordinal);
        Assert.Contains("41", screen, StringComparison.Ordinal);
        Assert.Contains("SCF iteration 7", screen, StringComparison.Ordinal);
        Assert.Contains("Retrying calculation (attempt 2 of 3)", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OnTemporal_ShowsTheWorkerOfEachCalculation()
    {
        var progress = new CampaignProgress("c6", 4, 1, 0, 1, Now.AddSeconds(-10),
        [
            new InFlightCalculation("job-0002", 0, 1, 3, Now.AddSeconds(-3), "sleeping 5 s", "311@node-a"),
            new InFlightCalculation("job-0003", 0, 1, 3, Now.AddSeconds(-2), null, "412@node-b"),
        ]);

        var screen = Draw(progress);

        Assert.Contains("worker", screen, StringComparison.Ordinal);
        Assert.Contains("311@node-a", screen, StringComparison.Ordinal);
        Assert.Contains("412@node-b", screen, StringComparison.Ordinal);
        Assert.Contains("sleeping 5 s", screen, StringComparison.Ordinal);
        Assert.Contains("3 pending (2 running) of 4", screen, StringComparison.Ordinal);
    }
}
