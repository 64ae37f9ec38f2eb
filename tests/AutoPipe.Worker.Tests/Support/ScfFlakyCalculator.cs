using System.Text.Json.Nodes;
using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Policy;
using AutoPipe.Core.Spec;

namespace AutoPipe.Worker.Tests.Support;

/// <summary>
/// A calculator whose SCF "converges" only with mixing_beta at most 0.35 (the espresso ladder's first step from pw.x's
/// 0.7), and a policy of its own that repairs it: what an espresso calculator and its correction policy do, without pw.x.
/// </summary>
internal sealed class ScfFlakyCalculator : ICalculator
{
    public const string Kind = "scf-flaky";

    /// <summary>
    /// What the workflow's built-in espresso policy changes after its first failure (when a worker reports it as
    /// espresso), from <see cref="BaseParameters"/>.
    /// </summary>
    public const string EspressoRepair = "attempt 2: mixing_beta 0.7 -> 0.35, electron_maxstep 100 -> 200, restart from previous charge density";

    public static readonly IReadOnlyDictionary<string, JsonNode> BaseParameters =
        new Dictionary<string, JsonNode>(StringComparer.Ordinal) { ["mixing_beta"] = 0.7, ["ecutwfc"] = 30 };

    private readonly MockCalculator mock = new(new MockCalculatorSpec(0, new Dictionary<string, int>()));

    public Task<CalculationResult> RunAsync(CalculationRequest request, IProgress<CalculationProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new CalculationProgress("SCF iteration 1", 1));
        var beta = request.Parameters.TryGetValue("mixing_beta", out var node) ? node.GetValue<double>() : 1.0;
        if (beta > 0.35)
        {
            throw new CalculationFailedException(FailureKind.ScfNotConverged, $"convergence NOT achieved with mixing_beta {beta}");
        }

        return mock.RunAsync(request, progress, cancellationToken);
    }

    /// <summary>Halves nothing, just sets mixing_beta to 0.3 after an SCF failure.</summary>
    internal sealed class Policy : ICorrectionPolicy
    {
        /// <summary>mixing_beta is how the SCF gets there, as in the espresso policy: a campaign may learn it.</summary>
        public IReadOnlySet<string> NumericalKeys { get; } = new HashSet<string>(["mixing_beta"], StringComparer.OrdinalIgnoreCase);

        public Correction? Correct(FailureKind kind, int failedAttempt, IReadOnlyDictionary<string, JsonNode> parameters)
        {
            if (kind != FailureKind.ScfNotConverged)
            {
                return null;
            }

            var next = parameters.ToDictionary(p => p.Key, p => p.Value.DeepClone(), StringComparer.Ordinal);
            var before = parameters.TryGetValue("mixing_beta", out var b) ? b.ToJsonString() : "unset";
            next["mixing_beta"] = 0.3;
            return new Correction(next, $"mixing_beta {before} -> 0.3");
        }
    }
}
