using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace AutoPipe.Core.Storage;

/// <summary>
/// ASE's binary encodings: arrays as raw little-endian buffers (int32 for integers, float64 for reals), and the
/// <c>data</c> column as <c>object_to_bytes</c> does it: an int64 offset to a JSON text that follows the array
/// buffers (we store no arrays there, so the JSON starts at byte 8).
/// </summary>
internal static class AseBlob
{
    public static byte[] Int32s(IReadOnlyList<int> values)
    {
        var bytes = new byte[values.Count * 4];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    public static byte[] Doubles(IReadOnlyList<double[]> rows)
    {
        var bytes = new byte[rows.Sum(r => r.Length) * 8];
        var offset = 0;
        foreach (var row in rows)
        {
            foreach (var value in row)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(offset), value);
                offset += 8;
            }
        }

        return bytes;
    }

    public static byte[] Object(JsonObject data)
    {
        var json = Encoding.UTF8.GetBytes(data.ToJsonString());
        var bytes = new byte[8 + json.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, 8);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}
