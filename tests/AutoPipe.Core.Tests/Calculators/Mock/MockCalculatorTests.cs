using AutoPipe.Core.Calculators;
using AutoPipe.Core.Calculators.Mock;
using AutoPipe.Core.Spec;
using AutoPipe.Core.Structures;

namespace AutoPipe.Core.Tests.Calculators.Mock;

public class MockCalculatorTests
{
    private static readonly MockCalculator calculator = new(new MockCalculatorSpec(0, new Dictionary<string, int> { ["job-0002"] = 1 }));

    [Fact]
    public async Task RunAsync_SameStructure_SameNumbersEveryTime()
    {
        var first = await Run("job-0001", 1, MockStructures.ForJob(7));
        var second = await Run("job-0001", 1, MockStructures.ForJob(7));

        Assert.Equal(first.Energy, second.Energy);
        Assert.Equal(first.Forces.SelectMany(f => f), second.Forces.SelectMany(f => f));
        Assert.Equal(first.Stress, second.Stress);
        Assert.NotEqual(first.Energy, (await Run("job-0001", 1, MockStructures.ForJob(8))).Energy);
    }

    [Fact]
    public async Task RunAsync_Forces_AreMinusTheEnergyGradient()
    {
        var structure = MockStructures.ForJob(3);
        var result = await Run("job-0001", 1, structure);
        const double h = 1e-5;

        for (var axis = 0; axis < 3; axis++)
        {
            var plus = await Run("job-0001", 1, Displace(structure, axis, h));
            var minus = await Run("job-0001", 1, Displace(structure, axis, -h));
            Assert.Equal(-(plus.Energy - minus.Energy) / (2 * h), result.Forces[0][axis], 6);
        }

        Assert.Equal(6, result.Stress!.Length);
    }

    [Fact]
    public async Task RunAsync_JobNamedInFailFirstAttempts_FailsThenSucceeds()
    {
        var failure = await Assert.ThrowsAsync<CalculationFailedException>(() => Run("job-0002", 1, MockStructures.ForJob(2)));

        Assert.Equal(FailureKind.Transient, failure.Kind);
        Assert.NotNull(await Run("job-0002", 2, MockStructures.ForJob(2)));
    }

    private static Task<CalculationResult> Run(string job, int attempt, Structure structure) =>
        calculator.RunAsync(new CalculationRequest(job, attempt, structure, new Dictionary<string, System.Text.Json.Nodes.JsonNode>(), "/tmp", null), null, CancellationToken.None);

    private static Structure Displace(Structure structure, int axis, double by)
    {
        var positions = structure.Positions.Select(p => (double[])p.Clone()).ToArray();
        positions[0][axis] += by;
        return structure with { Positions = positions };
    }
}
