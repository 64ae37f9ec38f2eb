using System.Text.Json.Nodes;
using AutoPipe.Core.Export;

namespace AutoPipe.Core.Tests.Export;

public class ExtxyzFrameTests
{
    [Fact]
    public void WriteTo_AwkwardInfoValues_AseReadsBackTheSameValuesAndTypes()
    {
        using var dir = new TempDir();
        JsonNode?[] values =
        [
            "plain", "two words", "quote \" and \\ backslash", "a=b", "{braces} [brackets]", "comma,separated", "", 7, -2.5, 1e-300, 3.0, true, false,
            new JsonArray(1, 2, 3), new JsonArray(0.5, -1.25), new JsonArray(true, false), new JsonObject { ["nested"] = new JsonArray("x", 1) },
        ];
        var info = values.Select((v, i) => new KeyValuePair<string, string>($"k{i}", ExtxyzText.Value(v)!)).ToList();
        var frame = new ExtxyzFrame(["Si"], [[0.1, 0.2, 0.3]], [[5, 0, 0], [0, 5, 0], [0, 0, 5]], [true, true, true], info, []);
        var path = Path.Combine(dir.Path, "one.extxyz");
        using (var writer = new StreamWriter(path))
        {
            frame.WriteTo(writer);
        }

        var back = JsonNode.Parse(AsePython.Run("""
            import sys, json
            import numpy as np
            from ase.io import read
            info = read(sys.argv[1]).info
            def plain(v):
                v = v.tolist() if isinstance(v, np.ndarray) else v
                return v.item() if hasattr(v, 'item') else v
            print(json.dumps({k: [plain(v), type(plain(v)).__name__] for k, v in info.items()}))
            """, path))!.AsObject();

        for (var i = 0; i < values.Length; i++)
        {
            var (value, type) = (back[$"k{i}"]![0], back[$"k{i}"]![1]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(values[i], value), $"k{i}: wrote {values[i]?.ToJsonString()}, ASE read {value?.ToJsonString()} ({type})");
        }

        Assert.Equal("float", back["k8"]![1]!.GetValue<string>());
        Assert.Equal("int", back["k7"]![1]!.GetValue<string>());
    }

    [Theory]
    [InlineData("rattled", true)]
    [InlineData("T", false)]
    [InlineData("1,2", false)]
    [InlineData("1.5", false)]
    [InlineData("T F", false)]
    [InlineData("nan", false)]
    [InlineData("_JSON [1]", false)]
    [InlineData("a 1", true)]
    [InlineData("", false)]
    public void ReadsBackAsText_AseRules(string text, bool expected) => Assert.Equal(expected, ExtxyzText.ReadsBackAsText(text));
}
