using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Projection;

namespace AutoPipe.Worker.Tests.Support;

/// <summary>A job source of generated mock structures (what a jobs.count campaign's projector serves).</summary>
internal sealed class GeneratedJobSource(int total) : IJobSource
{
    public Task<JobBatch> LoadBatchAsync(int fromSequence, int maxCount, CancellationToken cancellationToken) =>
        Task.FromResult(TestJobs.Batch(fromSequence, maxCount, total));
}
