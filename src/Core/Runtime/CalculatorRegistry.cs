using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Espresso;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Input;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Spec;

namespace AutoPipe.Core.Runtime;

/// <summary>Turns a calculator spec into the plug-in that runs it and the correction policy that repairs it.</summary>
public static class CalculatorRegistry
{
    /// <summary>The calculator of <paramref name="spec"/>.</summary>
    public static ICalculator Create(CalculatorSpec spec, TimeProvider time) => spec switch
    {
        MockCalculatorSpec mock => new MockCalculator(mock, time),
        EspressoCalculatorSpec espresso => new EspressoCalculator(espresso, time),
        _ => throw new InputException($"calculator.kind: the {spec.Kind} calculator is not available in this build"),
    };

    /// <summary>The correction policy of <paramref name="spec"/>'s calculator.</summary>
    public static ICorrectionPolicy Corrections(CalculatorSpec spec) => spec switch
    {
        EspressoCalculatorSpec espresso => new EspressoCorrectionPolicy(espresso.TimeoutSeconds),
        _ => NoCorrections.Instance,
    };
}
