namespace AutoPipe.Worker.Hosting;

/// <summary>What a worker process does.</summary>
public enum WorkerRole
{
    /// <summary>Runs campaign workflows and calculations (stateless; start as many as you like).</summary>
    Compute,

    /// <summary>Serves one campaign's working directory: loads job batches and records results.</summary>
    Projector,
}
