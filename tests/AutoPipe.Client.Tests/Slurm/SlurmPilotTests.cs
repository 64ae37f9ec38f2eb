using AutoPipe.Client.Tests.Support;

namespace AutoPipe.Client.Tests.Slurm;

/// <summary>
/// deploy/slurm/autopipe-worker.sbatch as Slurm runs it: its options, its environment, the worker it execs. Here no
/// Temporal server can run, so the pilot meets none and must end as the worker promises (exit 3, saying where it
/// looked); with a server, the Temporal end-to-end tests use the same worker.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmPilotTests
{
    [SlurmFact]
    public void PilotJob_NoServerToReach_RunsTheWorkerInTheJobWhichFailsSayingWhereItLooked()
    {
        using var dir = new TempDir();
        var calculators = dir.File("calculators.json", """{"calculators": {"mock": {"kind": "mock"}}}""");
        var script = Path.Combine(Path.GetDirectoryName(Specs.Examples)!, "deploy", "slurm", "autopipe-worker.sbatch");
        var name = SlurmSpecs.UniqueName("pilot");
        var environment = new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = "127.0.0.1:1",
            ["AUTOPIPE_WORKER"] = Path.Combine(AppContext.BaseDirectory, "autopipe-worker"),
            ["AUTOPIPE_CALCULATORS"] = calculators,
        };

        // The script asks for 4 cores and 12 hours; this cluster has 2 cores, so sbatch's own options scale it down, the
        // signal's lead with the time limit (a lead longer than the limit is sent at once).
        var id = SlurmCluster.Submit(script, environment, $"--job-name={name}", $"--chdir={dir.Path}", "--cpus-per-task=1", "--time=2", "--signal=B:TERM@60");
        Poll.Until(() => SlurmCluster.Jobs(name).Single().State is "FAILED" or "COMPLETED" or "CANCELLED" or "TIMEOUT", 90, "the pilot job ending");

        Assert.Equal("FAILED", SlurmCluster.Jobs(name).Single().State);
        var log = File.ReadAllText(Path.Combine(dir.Path, $"autopipe-worker-{id}.out"));
        Assert.Contains("autopipe-worker: cannot reach Temporal at 127.0.0.1:1 (namespace default)", log, StringComparison.Ordinal);
    }

    [SlurmFact(withTemporal: true)]
    public void PilotJobs_FirstSignalledBeforeItsWalltime_HandsItsCalculationsToTheNextAndNothingRunsTwice()
    {
        using var dir = new TempDir();
        var name = SlurmSpecs.UniqueName("pilots");
        var queue = "autopipe-test-" + name;
        var spec = Specs.Mock(dir, name, jobs: 2, workers: 2, seconds: 40);
        var workdir = Path.Combine(dir.Path, "work");
        var calculators = dir.File("calculators.json", """{"calculators": {"mock": {"kind": "mock"}}}""");
        var script = Path.Combine(Path.GetDirectoryName(Specs.Examples)!, "deploy", "slurm", "autopipe-worker.sbatch");
        var environment = new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = TemporalWorkers.Address!,
            ["AUTOPIPE_TASK_QUEUE"] = queue,
            ["AUTOPIPE_WORKER"] = Path.Combine(AppContext.BaseDirectory, "autopipe-worker"),
            ["AUTOPIPE_CALCULATORS"] = calculators,
            ["AUTOPIPE_GRACEFUL_SHUTDOWN_SECONDS"] = "5",
        };
        using var run = Cli.Start("run", spec, "--workdir", workdir, "--temporal", TemporalWorkers.Address!, "--task-queue", queue);

        // A 2-minute pilot signalled 100 s before its end: SIGTERM about 20 s in, in the middle of its 40 s calculations.
        var first = SlurmCluster.Submit(script, environment, $"--job-name={name}.1", $"--chdir={dir.Path}", "--cpus-per-task=2", "--time=2", "--signal=B:TERM@100");
        Poll.Until(() => SlurmCluster.Jobs(name + ".1").Single().State is not ("PENDING" or "RUNNING"), 150, "the first pilot ending on its signal");
        var second = SlurmCluster.Submit(script, environment, $"--job-name={name}.2", $"--chdir={dir.Path}", "--cpus-per-task=2", "--time=5", "--signal=B:TERM@30");
        try
        {
            Assert.Equal(0, run.Wait(300));
        }
        finally
        {
            SlurmCluster.Cancel(second);
        }

        var firstLog = File.ReadAllText(Path.Combine(dir.Path, $"autopipe-worker-{first}.out"));
        Assert.Contains("stopped: the worker is shutting down", firstLog, StringComparison.Ordinal);
        Assert.Equal(2, Checkpoint.Read(workdir).Completed.Count);
        Assert.Equal("2 2", AsePython.Run(
            "import sys; from ase.db import connect; ids=[r.job_id for r in connect(sys.argv[1]).select()]; print(len(ids), len(set(ids)))",
            Path.Combine(workdir, "results.db")).Trim());
    }
}
