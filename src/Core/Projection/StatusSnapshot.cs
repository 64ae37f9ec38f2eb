using AutoPipe.Core.Runtime;

namespace AutoPipe.Core.Projection;

/// <summary>status.json as a reader in another process sees it.</summary>
/// <param name="Campaign">The campaign's name.</param>
/// <param name="ProcessId">The process that wrote it (the running manager or projector).</param>
/// <param name="UpdatedAt">When it was last written (about every second while a run goes).</param>
/// <param name="StartedAt">When that process started running the campaign.</param>
/// <param name="InFlight">The calculations in flight.</param>
/// <param name="Runtime">The runtime, when the writer said (files of older versions do not).</param>
public sealed record StatusSnapshot(
    string Campaign, int ProcessId, DateTimeOffset UpdatedAt, DateTimeOffset StartedAt, IReadOnlyList<InFlightCalculation> InFlight, RuntimeDescription? Runtime);
