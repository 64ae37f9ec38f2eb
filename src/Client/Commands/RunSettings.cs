using AutoPipe.Client.Dashboard;

namespace AutoPipe.Client.Commands;

/// <summary>What <c>autopipe run</c> was asked to do, read once from its command line.</summary>
/// <param name="SpecPath">The spec file, or null to resume the campaign frozen in <paramref name="Workdir"/>.</param>
/// <param name="Workdir">The working directory.</param>
/// <param name="Quiet">Console: warnings, errors and the summary only.</param>
/// <param name="Progress">How progress shows on the console.</param>
/// <param name="Temporal">The Temporal server and its options, or null for the embedded runtime.</param>
/// <param name="Dashboard">Where to serve the live dashboard, or null for none.</param>
internal sealed record RunSettings(string? SpecPath, string Workdir, bool Quiet, ProgressMode Progress, Temporal.TemporalTarget? Temporal, DashboardAddress? Dashboard = null)
{
    /// <summary>The live display (a terminal, not quiet), the same on both runtimes: the embedded runtime's slots, or Temporal's workers.</summary>
    public bool Live => Progress == ProgressMode.Live || (Progress == ProgressMode.Auto && !Quiet && !Console.IsOutputRedirected);

    /// <summary>No progress lines at all.</summary>
    public bool SilentProgress => Progress == ProgressMode.None || Quiet;
}
