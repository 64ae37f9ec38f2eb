using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace AutoPipe.Client.Dashboard;

/// <summary>
/// The page's files, embedded in this assembly from <c>Dashboard/wwwroot</c> (so a published build serves them with
/// nothing beside it): the page, its script and style, and the vendored ECharts with its licence and version.
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly ConcurrentDictionary<string, byte[]?> cache = new(StringComparer.Ordinal);

    /// <summary>The file at <paramref name="path"/> (relative to wwwroot), or null when there is none.</summary>
    public static byte[]? Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return cache.GetOrAdd(path, p =>
        {
            using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(Prefix + p);
            if (stream == null)
            {
                return null;
            }

            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
    }

    /// <summary>The file as an HTTP result (404 when there is none).</summary>
    public static IResult Result(string path)
    {
        // Names only as embedded: no path can reach anything else.
        var bytes = path.Contains("..", StringComparison.Ordinal) ? null : Read(path);
        return bytes == null ? Results.NotFound() : Results.Bytes(bytes, ContentType(path));
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };
}
