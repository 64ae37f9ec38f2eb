using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Espresso;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Executors;
using AutoPipe.Core.Executors.Slurm;
using AutoPipe.Core.Input;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Runtime;

/// <summary>Turns a calculator spec into the plug-in that runs it and the correction policy that repairs it.</summary>
public static class CalculatorRegistry
{
    /// <summary>The calculator of <paramref name="spec"/>, its commands run as local child processes.</summary>
    public static ICalculator Create(CalculatorSpec spec, TimeProvider time) => Create(spec, time, null);

    /// <summary>The calculator of <paramref name="spec"/>, its commands run by <paramref name="executor"/> (null: local).</summary>
    public static ICalculator Create(CalculatorSpec spec, TimeProvider time, ICommandExecutor? executor) => spec switch
    {
        MockCalculatorSpec mock => new MockCalculator(mock, time, executor),
        EspressoCalculatorSpec espresso => new EspressoCalculator(espresso, time, executor),
        _ => throw new InputException($"calculator.kind: the {spec.Kind} calculator is not available in this build"),
    };

    /// <summary>
    /// The correction policy of <paramref name="spec"/>'s calculator under its executor: on Slurm, a pw.x time
    /// limit is the shorter of the calculator's <c>timeoutSeconds</c> and the executor's <c>timeLimit</c>, so a
    /// TIMEOUT is corrected with <c>max_seconds</c> below the limit Slurm enforces.
    /// </summary>
    public static ICorrectionPolicy Corrections(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Calculator is EspressoCalculatorSpec espresso && spec.Executor is SlurmExecutorSpec slurm
            && SlurmTime.ToSeconds(slurm.TimeLimit) is double limit && limit < espresso.TimeoutSeconds)
        {
            return new EspressoCorrectionPolicy(limit);
        }

        return Corrections(spec.Calculator);
    }

    /// <summary>The correction policy of <paramref name="spec"/>'s calculator.</summary>
    public static ICorrectionPolicy Corrections(CalculatorSpec spec) => spec switch
    {
        EspressoCalculatorSpec espresso => new EspressoCorrectionPolicy(espresso.TimeoutSeconds),
        _ => NoCorrections.Instance,
    };
}
