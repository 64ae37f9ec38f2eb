using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Policy;

/// <summary>
/// The one decision both runtimes make after a failed attempt. Bad input is never retried; transient failures and
/// crashes retry unchanged unless the calculator's policy knows a repair; failures that only a change can fix
/// (SCF, diagonalization, bands, timeout) retry only with a correction, so no attempt repeats a run that failed
/// (aiida-quantumespresso #961). Pure: same inputs, same decision, on replay too.
/// </summary>
public static class RetryPolicy
{
    /// <summary>Decides what follows the failure of attempt <paramref name="failedAttempt"/>.</summary>
    public static RetryDecision Decide(
        FailureKind kind,
        string message,
        int failedAttempt,
        RetryOptions options,
        ICorrectionPolicy corrections,
        IReadOnlyDictionary<string, JsonNode> parameters)
    {
        if (kind == FailureKind.InputError)
        {
            return new RetryDecision.GiveUp(AttemptTexts.Failure(kind, message) + " (bad input is not retried)");
        }

        if (kind == FailureKind.Cancelled)
        {
            return new RetryDecision.GiveUp(AttemptTexts.Failure(kind, message) + " (a cancelled job is not retried; run it again with a new campaign or workdir)");
        }

        if (failedAttempt >= options.MaxAttempts)
        {
            return new RetryDecision.GiveUp(AttemptTexts.Failure(kind, message) + $" (gave up after {failedAttempt} of {options.MaxAttempts} attempts)");
        }

        var delay = options.DelayAfter(failedAttempt);
        var correction = corrections.Correct(kind, failedAttempt, parameters, message);
        if (correction != null)
        {
            return new RetryDecision.Retry(failedAttempt + 1, delay, correction.Parameters, correction.Description);
        }

        return kind is FailureKind.Transient or FailureKind.Crashed or FailureKind.OutputUnreadable
            ? new RetryDecision.Retry(failedAttempt + 1, delay, parameters, null)
            : new RetryDecision.GiveUp(AttemptTexts.Failure(kind, message) + $" (no correction left to try after attempt {failedAttempt})");
    }
}
