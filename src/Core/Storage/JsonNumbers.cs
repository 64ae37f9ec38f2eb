using System.Globalization;
using System.Text.Json.Nodes;

namespace AutoPipe.Core.Storage;

/// <summary>Reads a JSON number whatever CLR type the node was built from (int, long, double, or parsed text).</summary>
internal static class JsonNumbers
{
    public static double ToDouble(JsonValue value) =>
        double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
