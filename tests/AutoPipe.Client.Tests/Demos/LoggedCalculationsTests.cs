using AutoPipe.Client.Demos;

namespace AutoPipe.Client.Tests.Demos;

public class LoggedCalculationsTests
{
    [Fact]
    public void Read_RunLog_TellsStartedCompletedAndInFlight()
    {
        const string log = """
            07:34:55.751 [INF] Created campaign pull-the-plug in /tmp/work: 10 calculations on 1 worker(s)
            07:34:55.874 [INF] Running calculation job-0001 (attempt 1 of 3)
            07:34:56.424 [INF] Running calculation job-0002 (attempt 1 of 3)
            07:34:56.564 [INF] Completed calculation job-0001 (attempt 1 of 3): energy -0.0986 eV
            07:34:56.600 [WRN] Calculation job-0002 failed on attempt 1 of 3: Transient: injected
            07:34:56.601 [INF] job-0002: Retrying calculation (attempt 2 of 3)... in 0.5 s
            07:34:56.602 [INF] Running calculation job-0003 (attempt 1 of 3)
            """;

        var seen = LoggedCalculations.Read(log);

        Assert.Equal(["job-0001", "job-0002", "job-0003"], seen.Started.Order());
        Assert.Equal(["job-0001"], seen.Completed);
        Assert.Equal(["job-0003"], seen.InFlight);
    }
}
