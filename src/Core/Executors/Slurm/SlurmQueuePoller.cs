using Serilog;

namespace AutoPipe.Core.Executors.Slurm;

/// <summary>
/// One <c>squeue</c> call per poll interval for all of the campaign's jobs, however many wait: every waiter gets the
/// next snapshot of the queue (this user's jobs, finished ones Slurm still remembers included).
/// </summary>
internal sealed class SlurmQueuePoller : IDisposable
{
    private readonly TimeSpan interval;
    private readonly TimeProvider time;
    private readonly ILogger log;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private TaskCompletionSource<IReadOnlyDictionary<string, SlurmJobState>> next = NewSnapshot();
    private Task? loop;

    public SlurmQueuePoller(TimeSpan interval, TimeProvider time, ILogger log)
    {
        this.interval = interval;
        this.time = time;
        this.log = log;
    }

    /// <summary>The next snapshot taken after this call.</summary>
    public Task<IReadOnlyDictionary<string, SlurmJobState>> NextAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            loop ??= Task.Run(() => LoopAsync(stop.Token), CancellationToken.None);
            return next.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Lists the queue now.</summary>
    public static async Task<IReadOnlyDictionary<string, SlurmJobState>> SnapshotAsync(CancellationToken cancellationToken)
    {
        var result = await SlurmCommands.RunAsync(
            SlurmCommands.Squeue, ["--noheader", "--me", "--states=all", "--format=%i|%j|%T|%r|%N"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new SlurmCommandException($"squeue failed: {result.Stderr.Trim()}");
        }

        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(SlurmJobState.Parse)
            .OfType<SlurmJobState>()
            .GroupBy(s => s.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }

    private static TaskCompletionSource<IReadOnlyDictionary<string, SlurmJobState>> NewSnapshot() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
                var snapshot = await SnapshotAsync(cancellationToken).ConfigureAwait(false);
                TaskCompletionSource<IReadOnlyDictionary<string, SlurmJobState>> taken;
                lock (gate)
                {
                    taken = next;
                    next = NewSnapshot();
                }

                taken.SetResult(snapshot);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SlurmCommandException e)
            {
                // The controller may be restarting: the jobs go on, so wait for the next poll.
                log.Warning("Cannot list the Slurm queue ({Message}); trying again in {Seconds} s", e.Message, interval.TotalSeconds);
            }
        }
    }
}
