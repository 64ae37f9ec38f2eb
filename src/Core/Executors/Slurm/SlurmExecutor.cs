using AutoPipe.Core.Calculators;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Workspace;
using Serilog;

namespace AutoPipe.Core.Executors.Slurm;

/// <summary>
/// Runs each attempt's command as a Slurm batch job that outlives the manager. Every submission is committed to the
/// journal (<see cref="SubmissionJournal"/>) as soon as sbatch accepts it; a restarted manager adopts the job of an
/// attempt instead of submitting it again: by the recorded id, or by its name when the manager died between sbatch
/// and that commit. The job's script records the exit code beside the outputs; a job that left the queue without it
/// is classified from its Slurm state (<see cref="SlurmStates"/>). Cancellation only detaches: the job goes on.
/// </summary>
public sealed class SlurmExecutor : ICommandExecutor, IDisposable
{
    private readonly SubmissionJournal submissions;
    private readonly SlurmQueuePoller poller;
    private readonly SlurmSubmitter submitter;
    private readonly TimeProvider time;
    private readonly ILogger log;

    /// <summary>Creates the executor of <paramref name="campaign"/> in <paramref name="workdir"/>.</summary>
    public SlurmExecutor(SlurmExecutorSpec spec, string campaign, Workdir workdir, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(workdir);
        this.time = time;
        this.log = log;
        submissions = SubmissionJournal.Open(workdir.StateDb);
        poller = new SlurmQueuePoller(TimeSpan.FromSeconds(spec.PollSeconds), time, log);
        submitter = new SlurmSubmitter(spec, campaign, new SlurmJobNames(campaign, workdir.Root), submissions, time, log);
    }

    /// <inheritdoc/>
    public bool IsSubmitted(string jobId, int attempt) => submissions.Get(jobId, attempt) is { CancelledByAutoPipe: false };

    /// <inheritdoc/>
    public string? HostOf(string attemptDirectory) => new SlurmAttemptFiles(attemptDirectory).ReadHost();

    /// <inheritdoc/>
    public async Task<int?> RunAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var files = new SlurmAttemptFiles(request.WorkingDirectory);
        var recorded = submissions.Get(request.JobId, request.Attempt);
        string slurmId;
        if (recorded is { CancelledByAutoPipe: false })
        {
            slurmId = recorded.SlurmJobId;
            log.Information("Adopted Slurm job {SlurmJobId} of {JobId} (attempt {Attempt}), submitted by an earlier run", slurmId, request.JobId, request.Attempt);
        }
        else if (recorded == null && SlurmJobNames.FromScript(files.Script) is string scripted
                 && await FindByNameAsync(scripted, cancellationToken).ConfigureAwait(false) is string found)
        {
            // The previous run died after sbatch accepted the job and before the journal recorded it.
            slurmId = found;
            submissions.Record(new SlurmSubmission(request.JobId, request.Attempt, slurmId, scripted, time.GetUtcNow(), "adopted by name", false));
            log.Information("Adopted Slurm job {SlurmJobId} of {JobId} (attempt {Attempt}) by its name {JobName}", slurmId, request.JobId, request.Attempt, scripted);
        }
        else if (recorded == null && File.Exists(files.Script) && files.ReadExitCode() is int code)
        {
            // Submitted by a run that died before recording it, finished, and forgotten by Slurm since.
            log.Information("Harvested {JobId} (attempt {Attempt}): its Slurm job finished while no manager ran", request.JobId, request.Attempt);
            return code;
        }
        else
        {
            slurmId = await submitter.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await WaitAsync(slurmId, request, files, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        poller.Dispose();
        submissions.Dispose();
    }

    private async Task<int?> WaitAsync(string slurmId, CommandRequest request, SlurmAttemptFiles files, CancellationToken cancellationToken)
    {
        var finishedWithoutExit = 0;
        while (true)
        {
            if (files.ReadExitCode() is int code)
            {
                return await CheckedExitAsync(slurmId, code, files, cancellationToken).ConfigureAwait(false);
            }

            var queue = await poller.NextAsync(cancellationToken).ConfigureAwait(false);
            if (files.ReadExitCode() is int done)
            {
                return await CheckedExitAsync(slurmId, done, files, cancellationToken).ConfigureAwait(false);
            }

            var state = queue.GetValueOrDefault(slurmId) ?? await ShowJobAsync(slurmId, cancellationToken).ConfigureAwait(false);
            if (state == null)
            {
                ThrowIfOutOfMemory(slurmId, files);
                throw new CalculationFailedException(
                    FailureKind.Crashed,
                    $"Slurm job {slurmId} left the queue without recording an exit code, and Slurm no longer remembers how it ended");
            }

            if (!state.IsFinished)
            {
                request.Progress?.Report(new CalculationProgress(Describe(state)));
                continue;
            }

            // The script writes its exit code just before it ends; allow a shared file system one more poll to show it.
            if (++finishedWithoutExit < 2)
            {
                continue;
            }

            ThrowIfOutOfMemory(slurmId, files);
            var (kind, message) = SlurmStates.Classify(slurmId, state.State, state.Reason);
            throw new CalculationFailedException(kind, message);
        }
    }

    /// <summary>
    /// A non-zero exit may be Slurm's memory enforcement killing the command while the script lived on to record it
    /// (cgroup's OOM killer), or the whole step killed by the accounting poller: either way slurmstepd says so in
    /// the job's output once the step has ended, so the job is given a few polls to end before that is read.
    /// </summary>
    private async Task<int> CheckedExitAsync(string slurmId, int code, SlurmAttemptFiles files, CancellationToken cancellationToken)
    {
        if (code == 0)
        {
            return code;
        }

        for (var poll = 0; poll < 3; poll++)
        {
            var queue = await poller.NextAsync(cancellationToken).ConfigureAwait(false);
            if (queue.GetValueOrDefault(slurmId) is not { IsFinished: false })
            {
                break;
            }
        }

        ThrowIfOutOfMemory(slurmId, files);
        return code;
    }

    private static void ThrowIfOutOfMemory(string slurmId, SlurmAttemptFiles files)
    {
        if (SlurmStates.MemoryExceeded(files.ReadSlurmOutput(slurmId)) is string line)
        {
            throw new CalculationFailedException(
                FailureKind.OutOfMemory,
                $"Slurm job {slurmId} ran out of memory (slurmstepd: {line}); give it more with executor.memory, or fewer atoms per task");
        }
    }

    private static string Describe(SlurmJobState state) => state.State switch
    {
        "PENDING" => $"slurm {state.Id} PENDING ({state.Reason})",
        "RUNNING" => $"slurm {state.Id} RUNNING on {state.Node}",
        _ => $"slurm {state.Id} {state.State}",
    };

    private static async Task<string?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        var result = await SlurmCommands.RunAsync(
            SlurmCommands.Squeue, ["--noheader", "--me", "--states=all", $"--name={name}", "--format=%i|%j|%T|%r|%N"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new CalculationFailedException(FailureKind.Transient, $"squeue failed: {result.Stderr.Trim()}");
        }

        // Several, if a person resubmitted the script by hand: the one still going, else the newest.
        var jobs = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(SlurmJobState.Parse).OfType<SlurmJobState>()
            .Where(j => string.Equals(j.Name, name, StringComparison.Ordinal)).ToList();
        return (jobs.FirstOrDefault(j => !j.IsFinished) ?? jobs.OrderByDescending(j => long.Parse(j.Id, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault())?.Id;
    }

    /// <summary>What <c>scontrol show job</c> says of a job that squeue no longer lists, or null once Slurm forgot it.</summary>
    private static async Task<SlurmJobState?> ShowJobAsync(string slurmId, CancellationToken cancellationToken)
    {
        var result = await SlurmCommands.RunAsync(SlurmCommands.Scontrol, ["show", "job", "--oneliner", slurmId], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            return null;
        }

        string Field(string key) => result.Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(f => f.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..] ?? "";
        return new SlurmJobState(slurmId, Field("JobName"), Field("JobState"), Field("Reason"), Field("NodeList"));
    }
}
