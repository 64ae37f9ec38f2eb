using AutoPipe.Core.Export;
using AutoPipe.Core.Input;

namespace AutoPipe.Core.Tests.Export;

public class DatasetSplitTests
{
    [Fact]
    public void PartOf_10000Jobs_SharesNearTheFractionsAndIndependentOfTheOtherJobs()
    {
        var parts = DatasetSplit.Parse("train=0.8,valid=0.1,test=0.1");
        var ids = Enumerable.Range(1, 10_000).Select(i => $"job-{i:D5}").ToList();

        var counts = ids.GroupBy(id => DatasetSplit.PartOf(parts, 42, id).Name).ToDictionary(g => g.Key, g => g.Count());

        Assert.InRange(counts["train"], 7800, 8200);
        Assert.InRange(counts["valid"], 900, 1100);
        Assert.InRange(counts["test"], 900, 1100);
        Assert.Equal(DatasetSplit.PartOf(parts, 42, "job-00017"), DatasetSplit.PartOf(parts, 42, "job-00017"));
        Assert.True(ids.Count(id => DatasetSplit.PartOf(parts, 42, id) != DatasetSplit.PartOf(parts, 43, id)) > 1000);
    }

    [Theory]
    [InlineData("out.extxyz", "train", "out.train.extxyz")]
    [InlineData("/data/si.bulk.xyz", "valid", "/data/si.bulk.valid.xyz")]
    [InlineData("out", "test", "out.test")]
    public void FileFor_PartBeforeTheExtension(string output, string part, string expected) => Assert.Equal(expected, DatasetSplit.FileFor(output, part));

    [Fact]
    public void Parse_SeveralProblems_AllReported()
    {
        var e = Assert.Throws<InputException>(() => DatasetSplit.Parse("train=2,=0.5,valid=x"));

        Assert.Equal(3, e.Problems.Count);
    }
}
