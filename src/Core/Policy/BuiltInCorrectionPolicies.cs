using AutoPipe.Core.Calculators.Espresso;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Policy;

/// <summary>
/// The correction policies compiled into AutoPipe, by calculator kind: what the Temporal workflow decides retries
/// with. A pure function of its arguments (no registry anyone can change at run time), so a history replays the same
/// on every worker whatever was registered in its process; a plug-in kind gets no corrections there (its failures
/// retry unchanged when transient, else end the job), on the embedded runtime its own policy.
/// </summary>
public static class BuiltInCorrectionPolicies
{
    /// <summary>The policy of <paramref name="calculatorKind"/> for attempts limited to <paramref name="timeoutSeconds"/>.</summary>
    public static ICorrectionPolicy For(string calculatorKind, double? timeoutSeconds) => For(calculatorKind, timeoutSeconds, moreRoomWhenKilledAgain: true);

    /// <summary>
    /// The policy as it decided before a repair was added, for workflows started then (behind a patch): a pw.x
    /// killed although it had <c>max_seconds</c> was given up at once (<paramref name="moreRoomWhenKilledAgain"/> false).
    /// </summary>
    public static ICorrectionPolicy For(string calculatorKind, double? timeoutSeconds, bool moreRoomWhenKilledAgain) => calculatorKind switch
    {
        EspressoCalculatorSpec.KindName => new EspressoCorrectionPolicy(timeoutSeconds ?? EspressoCalculatorSpec.DefaultTimeoutSeconds, moreRoomWhenKilledAgain),
        _ => NoCorrections.Instance,
    };
}
