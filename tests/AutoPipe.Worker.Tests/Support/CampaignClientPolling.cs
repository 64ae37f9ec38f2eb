using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Runtime;

namespace AutoPipe.Worker.Tests.Support;

/// <summary>Waiting on a campaign's progress, for tests: poll the query until a condition holds, with a deadline.</summary>
internal static class CampaignClientPolling
{
    public static async Task<WorkflowProgress> WaitForProgressAsync(this TemporalCampaignClient campaigns, string campaign, Func<WorkflowProgress, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var progress = await campaigns.GetProgressAsync(campaign);
            if (condition(progress))
            {
                return progress;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"campaign {campaign}: condition not reached within {timeout}; last progress {progress}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }
}
