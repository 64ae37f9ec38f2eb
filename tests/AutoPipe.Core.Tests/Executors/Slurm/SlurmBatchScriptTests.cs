using AutoPipe.Core.Executors;
using AutoPipe.Core.Executors.Slurm;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Tests.Executors.Slurm;

public class SlurmBatchScriptTests
{
    [Fact]
    public void Write_FullSpec_HasEveryOptionAndRecordsExitCodeAndTimes()
    {
        var spec = new SlurmExecutorSpec
        {
            Partition = "debug", Account = "proj42", Qos = "normal", TimeLimit = "01:00:00", Nodes = 1, Ntasks = 4, CpusPerTask = 2, Memory = "8G",
            ExtraOptions = ["--constraint=cpu"],
        };
        var files = new SlurmAttemptFiles("/w/jobs/job-0001/attempt-2");
        var request = new CommandRequest("job-0001", 2, ["/usr/bin/pw.x", "-in", "espresso.pwi"], files.Directory, "/w/o.pwo", "/w/o.err", TimeSpan.FromHours(1), null);

        var script = SlurmBatchScript.Write(spec, "ap.c.1234.job-0001.2", "c", request, files);

        foreach (var line in new[]
                 {
                     "#SBATCH --job-name=ap.c.1234.job-0001.2", "#SBATCH --partition=debug", "#SBATCH --account=proj42", "#SBATCH --qos=normal",
                     "#SBATCH --time=01:00:00", "#SBATCH --nodes=1", "#SBATCH --ntasks=4", "#SBATCH --cpus-per-task=2", "#SBATCH --mem=8G",
                     "#SBATCH --constraint=cpu", "#SBATCH --no-requeue", "'/usr/bin/pw.x' '-in' 'espresso.pwi' < /dev/null > '/w/o.pwo' 2> '/w/o.err'",
                     "mv -f job.exitcode.tmp job.exitcode",
                 })
        {
            Assert.Contains(line + "\n", script, StringComparison.Ordinal);
        }

        Assert.StartsWith("#!/bin/bash\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_DefaultSpec_LeavesClusterDefaultsAlone()
    {
        var files = new SlurmAttemptFiles("/w/a");
        var script = SlurmBatchScript.Write(new SlurmExecutorSpec(), "n", "c", new CommandRequest("j", 1, ["true"], "/w/a", "/w/a/o", "/w/a/e", TimeSpan.Zero, null), files);

        Assert.DoesNotContain("--partition", script, StringComparison.Ordinal);
        Assert.DoesNotContain("--time", script, StringComparison.Ordinal);
        Assert.DoesNotContain("--mem", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME `x`", "'$HOME `x`'")]
    public void Quote_AnyWord_IsOneLiteralBashWord(string word, string expected) => Assert.Equal(expected, SlurmBatchScript.Quote(word));
}
