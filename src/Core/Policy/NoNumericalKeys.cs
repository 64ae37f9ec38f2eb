using System.Collections.Frozen;

namespace AutoPipe.Core.Policy;

/// <summary>The numerical keys of a policy that declares none: nothing it corrects may be learned.</summary>
internal static class NoNumericalKeys
{
    /// <summary>The empty set.</summary>
    public static IReadOnlySet<string> Instance { get; } = FrozenSet<string>.Empty;
}
