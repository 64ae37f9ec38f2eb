namespace AutoPipe.Core.Embedded;

/// <summary>
/// An <see cref="IProgress{T}"/> that handles each report at once on the reporting thread (unlike
/// <see cref="Progress{T}"/>, which posts it to the thread pool where it may arrive late and out of order).
/// </summary>
internal sealed class InlineProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
