using System.Diagnostics;
using AutoPipe.Client.Tests.Support;
using Xunit.Abstractions;

namespace AutoPipe.Client.Tests.Temporal;

/// <summary>
/// The CLI on Temporal. Without a server only the refusal can be tested; with TEMPORAL_ADDRESS set, the seed's
/// pull-the-plug scenario runs for real on two worker processes, one SIGKILLed mid-run.
/// </summary>
[Collection(TimingCollection.Name)]
public class TemporalCliTests(ITestOutputHelper output)
{
    private static readonly string? address = TemporalServer.Address;

    [Fact]
    public void Run_TemporalUnreachable_ExitsThreeAndWritesNothing()
    {
        using var dir = new TempDir();
        var spec = Specs.Mock(dir, "unreachable", jobs: 2, workers: 1, seconds: 0);
        var workdir = Path.Combine(dir.Path, "work");

        var (exit, _, stderr) = Cli.Run(60, "run", spec, "--workdir", workdir, "--temporal", "127.0.0.1:1");

        Assert.Equal(3, exit);
        Assert.Contains("cannot reach Temporal at 127.0.0.1:1", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(workdir));
    }

    [Fact]
    public void Run_InvalidSpecWithTemporal_StillExitsTwo()
    {
        using var dir = new TempDir();
        var spec = dir.File("bad.json", """{"name":"x","workers":0,"jobs":{"count":1},"calculator":{"kind":"mock"}}""");

        var (exit, _, stderr) = Cli.Run(60, "run", spec, "--workdir", Path.Combine(dir.Path, "w"), "--temporal", "127.0.0.1:1");

        Assert.Equal(2, exit);
        Assert.Contains("workers: must be between 1 and 4096", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("demo", "pull-the-plug")]
    [InlineData("demo", "parallel")]
    [InlineData("demo", "retry")]
    public void Help_TemporalUi_OneDefaultTheDevServers(params string[] command)
    {
        var (exit, stdout, _) = Cli.Run(30, [.. command, "--help"]);

        Assert.Equal(0, exit);
        Assert.Contains("--temporal-ui <URL>", stdout, StringComparison.Ordinal);
        Assert.Contains("[default: http://localhost:8233]", stdout, StringComparison.Ordinal);
    }

    [TemporalTheory]
    [InlineData(null, "http://localhost:8233")]
    [InlineData("http://localhost:8080", "http://localhost:8080")]
    public void Run_OnTemporal_LinksTheWorkflowInTheTemporalUi(string? given, string ui)
    {
        using var dir = new TempDir();
        var name = "ui-" + Guid.NewGuid().ToString("N")[..8];
        var queue = "autopipe-test-" + name;
        var spec = Specs.Mock(dir, name, jobs: 1, workers: 1, seconds: 0);
        using var worker = TemporalWorkers.Start(queue);
        try
        {
            var (exit, stdout, stderr) = Cli.Run(300, ["run", spec, "--workdir", Path.Combine(dir.Path, "work"), "--temporal", address!, "--task-queue", queue,
                .. given == null ? Array.Empty<string>() : ["--temporal-ui", given]]);

            Assert.True(exit == 0, stdout + stderr);
            Assert.Contains($"Temporal UI: {ui}/namespaces/default/workflows/autopipe-{name}", stdout, StringComparison.Ordinal);
        }
        finally
        {
            TemporalWorkers.StopAll([worker]);
        }
    }

    [TemporalFact]
    public void Run_OnTemporal_WorkerKilledMidRun_AnotherTakesOverAndEveryRowIsWrittenOnce()
    {
        output.WriteLine($"Temporal at {address}");
        using var dir = new TempDir();
        var name = "plug-" + Guid.NewGuid().ToString("N")[..8];
        var queue = "autopipe-test-" + name;
        var spec = Specs.Mock(dir, name, jobs: 20, workers: 1, seconds: 2);
        var calculators = dir.File("calculators.json", """{"calculators":{"mock":{"kind":"mock"}}}""");
        var workdir = Path.Combine(dir.Path, "work");
        var first = StartWorker(queue, calculators);
        var second = StartWorker(queue, calculators);
        Process? third = null;
        try
        {
            using var run = Cli.Start("run", spec, "--workdir", workdir, "--temporal", address!, "--task-queue", queue, "--heartbeat-timeout", "5");
            Poll.Until(() => Checkpoint.TryRead(workdir)?.Completed.Count >= 2, 120, "two results projected");
            first.Kill(entireProcessTree: true);
            third = StartWorker(queue, calculators);

            var exit = run.Wait(300);

            Assert.True(exit == 0, run.Stdout + run.Stderr);
            Assert.Equal(20, Checkpoint.Read(workdir).Completed.Count);
            Assert.Equal("20 20", AsePython.Run(
                "import sys; from ase.db import connect; ids=[r.job_id for r in connect(sys.argv[1]).select()]; print(len(ids), len(set(ids)))",
                Path.Combine(workdir, "results.db")).Trim());
        }
        finally
        {
            foreach (var worker in new[] { first, second, third })
            {
                if (worker is { HasExited: false })
                {
                    worker.Kill(entireProcessTree: true);
                }

                worker?.Dispose();
            }
        }
    }

    [TemporalFact]
    public void Run_OnTemporal_SecondWorkerProcess_AboutHalvesTheTime()
    {
        using var dir = new TempDir();
        var calculators = dir.File("calculators.json", """{"calculators":{"mock":{"kind":"mock"}}}""");

        var one = TimeCampaign(dir, calculators, workers: 1);
        var two = TimeCampaign(dir, calculators, workers: 2);

        output.WriteLine($"8 calculations of 2 s, one calculation per worker: 1 worker {one.TotalSeconds:0.0} s, 2 workers {two.TotalSeconds:0.0} s");
        Assert.True(one / two >= 1.5, $"a second worker should nearly halve the time: {one.TotalSeconds:0.0} s vs {two.TotalSeconds:0.0} s");
    }

    private static TimeSpan TimeCampaign(TempDir dir, string calculators, int workers)
    {
        var name = $"speed{workers}-" + Guid.NewGuid().ToString("N")[..8];
        var queue = "autopipe-test-" + name;
        var spec = Specs.Mock(dir, name, jobs: 8, workers: 1, seconds: 2);
        var processes = Enumerable.Range(0, workers).Select(_ => StartWorker(queue, calculators, maxConcurrent: 1)).ToList();
        try
        {
            // The campaign's time, not the workers' start-up: the clock starts once they all poll.
            TemporalWorkers.WaitUntilPolling(queue, workers);
            var clock = Stopwatch.StartNew();
            var (exit, stdout, stderr) = Cli.Run(300, "run", spec, "--workdir", Path.Combine(dir.Path, name), "--temporal", address!, "--task-queue", queue);
            Assert.True(exit == 0, stdout + stderr);
            return clock.Elapsed;
        }
        finally
        {
            processes.ForEach(p =>
            {
                p.Kill(entireProcessTree: true);
                p.Dispose();
            });
        }
    }

    private static Process StartWorker(string queue, string calculators, int maxConcurrent = 2) => TemporalWorkers.Start(queue, calculators, maxConcurrent);
}
