using System.Text.Json.Nodes;
using AutoPipe.Core.Input;
using AutoPipe.Core.Structures;
using AutoPipe.Core.Tests.Support;

namespace AutoPipe.Core.Tests.Structures;

public class ExtxyzReaderTests
{
    [Fact]
    public void ReadFile_SiRattledExample_GivesEightFramesWithLatticePbcAndInfo()
    {
        var frames = ExtxyzReader.ReadFile(Examples.Path("si-rattled.extxyz"));

        Assert.Equal(8, frames.Count);
        var first = frames[0];
        Assert.Equal([14, 14], first.Numbers);
        Assert.Equal([0.0, 2.715, 2.715], first.Cell[0]);
        Assert.Equal([true, true, true], first.Pbc);
        Assert.Equal(-0.06999062, first.Positions[0][0]);
        Assert.Equal("rattled", first.FindInfo("config_type")!.GetValue<string>());
    }

    [Fact]
    public void Read_InfoValues_TypedAsAseTypesThem()
    {
        var text = "1\nLattice=\"1 0 0 0 1 0 0 0 1\" Properties=species:S:1:pos:R:3:forces:R:3 n=3 x=1.5 ok=T v=\"1 2 3\" s=hello quoted=\"a b\" flag\nH 0 0 0 0.1 0.2 0.3\n";

        var frame = ExtxyzReader.Read(new StringReader(text), "t.xyz").Single();

        Assert.Equal(3, frame.FindInfo("n")!.GetValue<long>());
        Assert.Equal(1.5, frame.FindInfo("x")!.GetValue<double>());
        Assert.True(frame.FindInfo("ok")!.GetValue<bool>());
        Assert.Equal(3, frame.FindInfo("v")!.AsArray().Count);
        Assert.Equal("hello", frame.FindInfo("s")!.GetValue<string>());
        Assert.Equal("a b", frame.FindInfo("quoted")!.GetValue<string>());
        Assert.True(frame.FindInfo("flag")!.GetValue<bool>());
        Assert.Equal("[[0.1,0.2,0.3]]", frame.Arrays.Single(a => a.Key == "forces").Value!.ToJsonString());
    }

    [Theory]
    [InlineData("2\nLattice=\"1 0 0 0 1 0 0 0 1\"\nSi 0 0 0\nSi 0 0\n", "t.xyz line 4: expected 4 columns")]
    [InlineData("3\nLattice=\"1 0 0 0 1 0 0 0 1\"\nSi 0 0 0\nSi 0 0 1\n", "t.xyz line 5: frame 1 declares 3 atoms (line 1) but has only 2")]
    [InlineData("1\n\nXx 0 0 0\n", "t.xyz line 3: unknown element 'Xx'")]
    [InlineData("two\n\nSi 0 0 0\n", "t.xyz line 1: expected the number of atoms")]
    [InlineData("1\nLattice=\"1 0 0\"\nSi 0 0 0\n", "t.xyz line 2: Lattice must hold 9 numbers")]
    [InlineData("1\n\nSi 0 zero 0\n", "t.xyz line 3: column pos expects a number, found 'zero'")]
    public void Read_BadFile_NamesTheLine(string text, string expected)
    {
        var error = Assert.Throws<InputException>(() => ExtxyzReader.Read(new StringReader(text), "t.xyz"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StructureJson_RoundTrip_KeepsEveryBit()
    {
        var frame = ExtxyzReader.ReadFile(Examples.Path("si-rattled.extxyz"))[3];

        var back = StructureJson.Read(StructureJson.Write(frame));

        Assert.Equal(frame.Numbers, back.Numbers);
        Assert.Equal(frame.Positions.SelectMany(p => p), back.Positions.SelectMany(p => p));
        Assert.Equal(frame.Cell.SelectMany(p => p), back.Cell.SelectMany(p => p));
        Assert.True(JsonNode.DeepEquals(JsonValue.Create("rattled"), back.FindInfo("config_type")));
    }
}
