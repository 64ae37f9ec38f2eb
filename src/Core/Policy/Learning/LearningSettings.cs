using System.Text.Json.Nodes;

namespace AutoPipe.Core.Policy.Learning;

/// <summary>Parameter settings as learning compares, merges and shows them: keys matched case-insensitively (as pw.x does), values by their JSON.</summary>
public static class LearningSettings
{
    /// <summary>The same settings, in one canonical order (keys lower-cased and sorted), as text: equal settings give equal keys.</summary>
    public static string Key(IReadOnlyDictionary<string, JsonNode> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return string.Join(";", settings
            .Select(s => $"{s.Key.ToLowerInvariant()}={s.Value.ToJsonString()}")
            .Order(StringComparer.Ordinal));
    }

    /// <summary>E.g. <c>mixing_beta 0.35, electron_maxstep 200</c>, keys sorted.</summary>
    public static string Describe(IReadOnlyDictionary<string, JsonNode> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return string.Join(", ", settings
            .OrderBy(s => s.Key, StringComparer.OrdinalIgnoreCase)
            .Select(s => $"{s.Key} {(s.Value is JsonValue v && v.TryGetValue<string>(out var text) ? text : s.Value.ToJsonString())}"));
    }

    /// <summary>The value of <paramref name="key"/>, matched case-insensitively; null when absent.</summary>
    public static JsonNode? Get(IReadOnlyDictionary<string, JsonNode> parameters, string key)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <summary><paramref name="parameters"/> with <paramref name="settings"/> set on top (an existing key keeps its spelling).</summary>
    public static Dictionary<string, JsonNode> Apply(IReadOnlyDictionary<string, JsonNode> parameters, IReadOnlyDictionary<string, JsonNode> settings)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(settings);
        var result = parameters.ToDictionary(p => p.Key, p => p.Value.DeepClone(), StringComparer.Ordinal);
        foreach (var (key, value) in settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var existing = result.Keys.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            result[existing ?? key] = value.DeepClone();
        }

        return result;
    }
}
