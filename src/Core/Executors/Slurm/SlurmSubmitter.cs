using AutoPipe.Core.Calculators;
using AutoPipe.Core.Diagnostics;
using AutoPipe.Core.Spec;
using Serilog;

namespace AutoPipe.Core.Executors.Slurm;

/// <summary>
/// Submits attempts with sbatch, <c>groupSize</c> at a time: attempts that arrive together wait a moment for their
/// group to fill, then go as one Slurm job. Every member's submission is committed to the journal right after sbatch
/// accepts the job, and every member's folder holds a copy of the script (whose <c>--job-name</c> line is what a
/// restarted manager looks the job up by).
/// </summary>
internal sealed class SlurmSubmitter
{
    private readonly SlurmExecutorSpec spec;
    private readonly string campaign;
    private readonly SlurmJobNames names;
    private readonly SubmissionJournal submissions;
    private readonly TimeProvider time;
    private readonly ILogger log;
    private readonly TimeSpan linger;
    private readonly Lock gate = new();
    private List<Member> forming = [];

    public SlurmSubmitter(SlurmExecutorSpec spec, string campaign, SlurmJobNames names, SubmissionJournal submissions, TimeProvider time, ILogger log)
    {
        this.spec = spec;
        this.campaign = campaign;
        this.names = names;
        this.submissions = submissions;
        this.time = time;
        this.log = log;
        linger = TimeSpan.FromSeconds(Math.Min(1, spec.PollSeconds));
    }

    /// <summary>Submits <paramref name="request"/> (in a group when <c>groupSize</c> &gt; 1) and returns its Slurm job id.</summary>
    public async Task<string> SubmitAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        var member = new Member(request, new SlurmAttemptFiles(request.WorkingDirectory));
        if (spec.GroupSize == 1)
        {
            await SubmitGroupAsync([member]).ConfigureAwait(false);
            return await member.Submitted.Task.ConfigureAwait(false);
        }

        List<Member>? full = null;
        List<Member>? started = null;
        lock (gate)
        {
            forming.Add(member);
            if (forming.Count >= spec.GroupSize)
            {
                full = forming;
                forming = [];
            }
            else if (forming.Count == 1)
            {
                started = forming;
            }
        }

        if (full != null)
        {
            await SubmitGroupAsync(full).ConfigureAwait(false);
        }
        else if (started != null)
        {
            _ = FlushLaterAsync(started);
        }

        using (cancellationToken.Register(() => Withdraw(member)))
        {
            return await member.Submitted.Task.ConfigureAwait(false);
        }
    }

    private void Withdraw(Member member)
    {
        lock (gate)
        {
            if (forming.Remove(member))
            {
                member.Submitted.TrySetCanceled();
            }
        }
    }

    private async Task FlushLaterAsync(List<Member> group)
    {
        await Task.Delay(linger, time).ConfigureAwait(false);
        lock (gate)
        {
            // Only the group this timer started: a group that filled up has left already, and a new one has its own timer.
            if (!ReferenceEquals(forming, group))
            {
                return;
            }

            forming = [];
        }

        if (group.Count > 0)
        {
            await SubmitGroupAsync(group).ConfigureAwait(false);
        }
    }

    private async Task SubmitGroupAsync(List<Member> group)
    {
        try
        {
            var first = group[0].Request;
            var name = group.Count == 1 ? names.For(first.JobId, first.Attempt) : names.Group(first.JobId, first.Attempt, group.Count);
            var script = SlurmBatchScript.Write(spec, name, campaign, group.Select(m => (m.Request, m.Files)).ToList());
            foreach (var member in group)
            {
                Directory.CreateDirectory(member.Files.Directory);
                member.Files.ClearRecords();
                await File.WriteAllTextAsync(member.Files.Script, script, CancellationToken.None).ConfigureAwait(false);
            }

            var id = await SbatchAsync(group[0].Files.Script).ConfigureAwait(false);
            FaultInjection.Reach(FaultInjection.KillBetweenSbatchAndJournal);
            foreach (var member in group)
            {
                submissions.Record(new SlurmSubmission(member.Request.JobId, member.Request.Attempt, id, name, time.GetUtcNow(), "submitted", false));
            }

            if (group.Count == 1)
            {
                log.Information("Submitted {JobId} (attempt {Attempt}) as Slurm job {SlurmJobId}", first.JobId, first.Attempt, id);
            }
            else
            {
                log.Information("Submitted {Count} calculations ({JobIds}) as Slurm job {SlurmJobId}", group.Count, string.Join(", ", group.Select(m => m.Request.JobId)), id);
            }

            foreach (var member in group)
            {
                member.Request.Progress?.Report(new CalculationProgress($"slurm {id} submitted"));
                member.Submitted.TrySetResult(id);
            }
        }
#pragma warning disable CA1031 // Whatever went wrong is each member's failed attempt.
        catch (Exception e)
#pragma warning restore CA1031
        {
            foreach (var member in group)
            {
                member.Submitted.TrySetException(e);
            }
        }
    }

    private static async Task<string> SbatchAsync(string script)
    {
        SlurmCommandResult result;
        try
        {
            // Not cancellable: once sbatch runs, its job id must reach the journal.
            result = await SlurmCommands.RunAsync(SlurmCommands.Sbatch, ["--parsable", script], CancellationToken.None).ConfigureAwait(false);
        }
        catch (SlurmCommandException e)
        {
            throw new CalculationFailedException(FailureKind.Transient, e.Message, e);
        }

        var id = result.Stdout.Trim().Split(';', 2)[0];
        if (result.ExitCode != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
        {
            var why = result.Stderr.Trim();
            // sbatch refuses what the cluster does not have (partition, account, qos) as "invalid": retrying cannot help.
            var kind = why.Contains("invalid", StringComparison.OrdinalIgnoreCase) ? FailureKind.InputError : FailureKind.Transient;
            throw new CalculationFailedException(kind, $"sbatch refused {script}: {(why.Length == 0 ? result.Stdout.Trim() : why)}");
        }

        return id;
    }

    private sealed record Member(CommandRequest Request, SlurmAttemptFiles Files)
    {
        public TaskCompletionSource<string> Submitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
