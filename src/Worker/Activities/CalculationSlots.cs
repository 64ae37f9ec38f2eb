namespace AutoPipe.Worker.Activities;

/// <summary>
/// Numbers the calculations a worker process runs at once (1, 2, ...), lowest free first, as the embedded runtime's
/// slots are numbered, so a report can draw one lane per worker slot across worker processes. One per process.
/// </summary>
public sealed class CalculationSlots
{
    private readonly SortedSet<int> free = [];
    private readonly Lock gate = new();
    private int highest;

    /// <summary>Takes the lowest free slot.</summary>
    public int Take()
    {
        lock (gate)
        {
            if (free.Count == 0)
            {
                return ++highest;
            }

            var slot = free.Min;
            free.Remove(slot);
            return slot;
        }
    }

    /// <summary>Gives <paramref name="slot"/> back.</summary>
    public void Return(int slot)
    {
        lock (gate)
        {
            free.Add(slot);
        }
    }
}
