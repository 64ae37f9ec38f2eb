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
    public static ICorrectionPolicy For(string calculatorKind, double? timeoutSeconds) => calculatorKind switch
    {
        EspressoCalculatorSpec.KindName => new EspressoCorrectionPolicy(timeoutSeconds ?? EspressoCalculatorSpec.DefaultTimeoutSeconds),
        _ => NoCorrections.Instance,
    };
}
