using System.Globalization;

namespace AutoPipe.Core.Executors.Slurm;

/// <summary>
/// The files a Slurm attempt keeps beside its outputs: the batch script, and what the script itself records (exit
/// code, start and end times), so harvesting never depends on Slurm's accounting.
/// </summary>
/// <param name="Directory">The attempt folder.</param>
public sealed record SlurmAttemptFiles(string Directory)
{
    /// <summary>The batch script (readable; <c>sbatch job.sbatch</c> in the folder runs it by hand).</summary>
    public string Script => Path.Combine(Directory, "job.sbatch");

    /// <summary>The command's exit code, written last and atomically: its presence means the command ended.</summary>
    public string ExitCode => Path.Combine(Directory, "job.exitcode");

    /// <summary>When the command started (Unix seconds).</summary>
    public string Started => Path.Combine(Directory, "job.started");

    /// <summary>When the command ended (Unix seconds).</summary>
    public string Ended => Path.Combine(Directory, "job.ended");

    /// <summary>The node the command ran on (its host name, as the script found it).</summary>
    public string Host => Path.Combine(Directory, "job.host");

    /// <summary>Slurm's own output file of the batch script (<c>%j</c> is the job id).</summary>
    public string SlurmOutputPattern => Path.Combine(Directory, "slurm-%j.out");

    /// <summary>The recorded exit code, or null while the command has not ended.</summary>
    public int? ReadExitCode()
    {
        try
        {
            var text = File.ReadAllText(ExitCode).Trim();
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Slurm's output of job <paramref name="slurmId"/> (what slurmstepd says about it too), or null when there is none.</summary>
    public string? ReadSlurmOutput(string slurmId)
    {
        try
        {
            return File.ReadAllText(SlurmOutputPattern.Replace("%j", slurmId, StringComparison.Ordinal));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The recorded node, or null when the script has not recorded one (yet).</summary>
    public string? ReadHost()
    {
        try
        {
            var host = File.ReadAllText(Host).Trim();
            return host.Length > 0 ? host : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Removes what an earlier, abandoned submission of this attempt recorded.</summary>
    public void ClearRecords()
    {
        File.Delete(ExitCode);
        File.Delete(Started);
        File.Delete(Ended);
        File.Delete(Host);
    }
}
