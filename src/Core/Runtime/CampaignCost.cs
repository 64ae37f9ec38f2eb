using System.Globalization;
using System.Text.RegularExpressions;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Runtime;

/// <summary>
/// What a campaign's labels cost in compute: the wall time of every attempt (failed and interrupted ones included)
/// times the cores it was given, per completed row. The cores are the campaign's: a Slurm job's ntasks x
/// cpusPerTask, the <c>-np N</c> of an <c>mpirun</c> command line, else 1 (a Temporal worker's own launcher is not
/// known to the campaign).
/// </summary>
/// <param name="CoreHours">Core-hours of every attempt.</param>
/// <param name="FailedCoreHours">Core-hours of the attempts that ended failed or interrupted.</param>
/// <param name="Labels">Completed rows.</param>
/// <param name="CoresPerAttempt">The cores each attempt was counted with.</param>
public sealed partial record CampaignCost(double CoreHours, double FailedCoreHours, int Labels, int CoresPerAttempt)
{
    /// <summary>Core-hours per completed row; null before the first.</summary>
    public double? CoreHoursPerLabel => Labels == 0 ? null : CoreHours / Labels;

    /// <summary>The share of the core-hours spent on attempts that did not produce a row (0 to 1).</summary>
    public double FailedShare => CoreHours <= 0 ? 0 : FailedCoreHours / CoreHours;

    /// <summary>The cost from attempt wall seconds (all, and those that ended failed or interrupted).</summary>
    public static CampaignCost From(double attemptSeconds, double failedSeconds, int labels, CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var cores = Cores(spec);
        return new CampaignCost(attemptSeconds * cores / 3600, failedSeconds * cores / 3600, labels, cores);
    }

    /// <summary>The cores one attempt of <paramref name="spec"/> is given.</summary>
    public static int Cores(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Executor is SlurmExecutorSpec slurm)
        {
            return Math.Max(1, (slurm.Ntasks ?? 1) * (slurm.CpusPerTask ?? 1));
        }

        return spec.Calculator is EspressoCalculatorSpec { Command: { } command } && MpiProcesses().Match(command) is { Success: true } match
            ? Math.Max(1, int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture))
            : 1;
    }

    /// <summary>E.g. <c>0.42 core-hours, 0.035 per label (12 labels), 18 % on failed attempts</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{CoreHours:0.###} core-hours, {(CoreHoursPerLabel is { } each ? each.ToString("0.####", CultureInfo.InvariantCulture) : "-")} per label ({Labels} labels), {FailedShare * 100:0} % on failed attempts");

    [GeneratedRegex(@"(?:^|\s)-(?:np|n)\s+(\d+)(?:\s|$)")]
    private static partial Regex MpiProcesses();
}
