using AutoPipe.Core.Runtime;

namespace AutoPipe.Client.Dashboard;

/// <summary>A run in this process, which the dashboard asks directly instead of reading status.json (no second of lag).</summary>
/// <param name="Progress">The runtime's progress: the calculations in flight.</param>
/// <param name="Runtime">Which runtime runs it, and the Temporal workflow's id and link.</param>
/// <param name="Running">Completes when the run ends.</param>
internal sealed record LiveRun(Func<CampaignProgress> Progress, RuntimeDescription Runtime, Task Running);
