using AutoPipe.Worker.Scheduling;

namespace AutoPipe.Worker.Tests.Support;

/// <summary>
/// The arithmetic of a campaign against <see cref="TemporalLimits"/>: what one job costs in history, how many
/// jobs fit in one run before continue-as-new, and the largest payload and transaction the workflow produces.
/// Sizes are upper bounds for JSON payloads (every coordinate written at full double precision).
/// </summary>
/// <param name="StructureBytes">One structure in a payload.</param>
/// <param name="CalculationInputBytes">One <c>RunCalculation</c> input (structure, ids, corrected parameters).</param>
/// <param name="ResultBytes">One calculation result (energy, forces, stress, parameters).</param>
/// <param name="OutcomeBytes">One outcome handed to the projection.</param>
/// <param name="BytesPerJob">History bytes per job: its structure in a batch, its input, its result, its outcome, its events.</param>
/// <param name="EventsPerJob">History events per job, batch activities and timers shared out.</param>
/// <param name="LargestPayloadBytes">The largest single payload (a job batch, a record batch or one input).</param>
/// <param name="LargestTransactionBytes">The largest workflow task completion (starting a window's worth of jobs plus a record batch).</param>
/// <param name="MaxPendingActivities">Most incomplete activities at once (the window plus one load and one record).</param>
/// <param name="RunHistoryBytes">Largest history of one run: the threshold plus the jobs that drain after it.</param>
/// <param name="RunHistoryEvents">Most events of one run, likewise.</param>
/// <param name="JobsPerRun">Jobs one run completes before continuing as new.</param>
/// <param name="Runs">Runs the whole campaign takes.</param>
internal sealed record HistoryBudget(
    long StructureBytes,
    long CalculationInputBytes,
    long ResultBytes,
    long OutcomeBytes,
    long BytesPerJob,
    double EventsPerJob,
    long LargestPayloadBytes,
    long LargestTransactionBytes,
    int MaxPendingActivities,
    long RunHistoryBytes,
    long RunHistoryEvents,
    int JobsPerRun,
    int Runs)
{
    /// <summary>Upper bound of one JSON number at full double precision, with its separator.</summary>
    public const int NumberBytes = 25;

    /// <summary>Upper bound of one event's own framing (ids, timestamps, attributes other than payloads).</summary>
    public const int EventOverheadBytes = 400;

    /// <summary>Room for ids, names and the corrected parameter set of one input.</summary>
    public const int ParameterBytes = 2_048;

    /// <summary>True when every figure is under Temporal's limit, and no payload reaches the SDK's warning size.</summary>
    public bool FitsTemporalLimits =>
        LargestPayloadBytes < TemporalLimits.PayloadWarningBytes
        && LargestTransactionBytes < TemporalLimits.TransactionBytes
        && MaxPendingActivities <= TemporalLimits.PendingActivities
        && RunHistoryBytes < TemporalLimits.HistoryBytes
        && RunHistoryEvents < TemporalLimits.HistoryEvents;

    /// <summary>Estimates the budget of a campaign.</summary>
    /// <param name="jobs">Jobs in the campaign.</param>
    /// <param name="atoms">Atoms per structure.</param>
    /// <param name="window">Most jobs in flight.</param>
    /// <param name="batchSize">Jobs per <c>LoadJobBatch</c>.</param>
    /// <param name="recordBatchSize">Outcomes per <c>RecordResults</c>.</param>
    /// <param name="maxEvents">The continue-as-new event threshold.</param>
    /// <param name="maxBytes">The continue-as-new history size threshold.</param>
    /// <param name="attemptsPerJob">Average attempts per job (1 when nothing fails).</param>
    public static HistoryBudget Estimate(int jobs, int atoms, int window, int batchSize, int recordBatchSize, int maxEvents, long maxBytes, double attemptsPerJob = 1.0)
    {
        // numbers: 3 digits each; positions and forces: 3 numbers per atom with brackets; cell: 9 numbers.
        var structure = atoms * 4L + atoms * (3L * NumberBytes + 3) + 9L * NumberBytes + 200;
        var input = structure + ParameterBytes;
        var result = atoms * (3L * NumberBytes + 3) + 8L * NumberBytes + ParameterBytes;
        var outcome = result + 512;

        // Per attempt: activity scheduled, started, completed, plus at worst one workflow task (scheduled, started,
        // completed) of its own; a retry adds a timer (started, fired). Per batch: a load and a record activity with
        // their workflow tasks, and a flush timer.
        var eventsPerAttempt = 6.0;
        var retryEvents = (attemptsPerJob - 1) * 2;
        var sharedEvents = (6.0 / batchSize) + (8.0 / recordBatchSize);
        var eventsPerJob = (eventsPerAttempt * attemptsPerJob) + retryEvents + sharedEvents;
        var bytesPerJob = structure + (long)Math.Ceiling(input * attemptsPerJob) + result + outcome
                          + (long)Math.Ceiling(eventsPerJob * EventOverheadBytes);

        var largestPayload = Math.Max(Math.Max(batchSize * structure, recordBatchSize * outcome), input);
        var largestTransaction = (Math.Min(window, 2 * batchSize) * input) + (recordBatchSize * outcome);
        var runBytes = maxBytes + (window * bytesPerJob);
        var runEvents = maxEvents + (long)Math.Ceiling(window * eventsPerJob);
        var jobsPerRun = (int)Math.Max(1, Math.Min(maxBytes / bytesPerJob, maxEvents / eventsPerJob));
        var runs = (int)Math.Ceiling((double)jobs / jobsPerRun);
        return new HistoryBudget(structure, input, result, outcome, bytesPerJob, eventsPerJob, largestPayload, largestTransaction, window + 2, runBytes, runEvents, jobsPerRun, runs);
    }
}
