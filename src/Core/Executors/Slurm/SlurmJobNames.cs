using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AutoPipe.Core.Executors.Slurm;

/// <summary>
/// The Slurm job name of one attempt: <c>ap.&lt;campaign&gt;.&lt;workdir hash&gt;.&lt;job&gt;.&lt;attempt&gt;</c>. The
/// hash of the working directory keeps two runs of the same campaign in different folders apart, so adopting a job
/// by its name never takes another folder's job.
/// </summary>
public sealed class SlurmJobNames
{
    private readonly string prefix;

    /// <summary>Names the jobs of <paramref name="campaign"/> run in <paramref name="workdirRoot"/>.</summary>
    public SlurmJobNames(string campaign, string workdirRoot)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(workdirRoot)))[..8];
        prefix = $"ap.{campaign}.{hash}.";
    }

    /// <summary>The name of attempt <paramref name="attempt"/> of <paramref name="jobId"/>.</summary>
    public string For(string jobId, int attempt) => prefix + jobId + "." + attempt.ToString(CultureInfo.InvariantCulture);

    /// <summary>The name of a group of <paramref name="count"/> attempts whose first is <paramref name="attempt"/> of <paramref name="jobId"/>.</summary>
    public string Group(string jobId, int attempt, int count) =>
        prefix + "group" + count.ToString(CultureInfo.InvariantCulture) + "." + jobId + "." + attempt.ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>--job-name</c> of the batch script at <paramref name="scriptPath"/>, or null.</summary>
    public static string? FromScript(string scriptPath)
    {
        const string option = "#SBATCH --job-name=";
        return File.Exists(scriptPath)
            ? File.ReadLines(scriptPath).FirstOrDefault(l => l.StartsWith(option, StringComparison.Ordinal))?[option.Length..].Trim()
            : null;
    }

    /// <summary>Whether <paramref name="name"/> is one of this campaign's jobs in this folder.</summary>
    public bool Owns(string name) => name.StartsWith(prefix, StringComparison.Ordinal);
}
