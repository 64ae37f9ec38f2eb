using System.Text.Json.Nodes;
using AutoPipe.Worker.Workflows;
using Temporalio.Common;
using Temporalio.Worker;
using Xunit.Abstractions;

namespace AutoPipe.Worker.Tests.Replay;

/// <summary>
/// Replays the real histories of campaigns recorded against a Temporal server (Replay/Histories, see its README)
/// with today's workflow code: a change that would break a campaign already running on Temporal fails here,
/// without a server.
/// </summary>
public sealed class RecordedHistoryReplayTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Replay", "Histories");

    private readonly ITestOutputHelper output;

    public RecordedHistoryReplayTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    /// <summary>Every recorded history, by file name.</summary>
    public static TheoryData<string> Histories()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Histories_AllRecordedRunsAreHere()
    {
        // Guards the theory below against silently replaying nothing (a broken copy step); histories are only added.
        Assert.True(Histories().Count >= 22, $"{Histories().Count} histories in {Folder}");
    }

    [Theory]
    [InlineData("autopipe-v0463-mock-retry-fail.0.json")]
    [InlineData("autopipe-can30b.0.json")]
    public async Task RecordedHistory_OneScheduledCalculationAltered_FailsToReplay(string file)
    {
        // The replay must be able to fail: a history whose third calculation was scheduled with another activity id
        // than the workflow gives it is a history today's workflow would not have written.
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, file)))!;
        var scheduled = json["events"]!.AsArray()
            .Select(e => e!["activityTaskScheduledEventAttributes"])
            .Where(a => a?["activityType"]?["name"]?.GetValue<string>() == "RunCalculation")
            .ElementAt(2)!;
        scheduled["activityId"] = "job-9999/attempt-1";
        var history = WorkflowHistory.FromJson("altered", json.ToJsonString());
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<CampaignWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        output.WriteLine($"{file} altered: {result.ReplayFailure?.Message}");
        Assert.NotNull(result.ReplayFailure);
        Assert.Contains("job-9999/attempt-1", result.ReplayFailure.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public async Task RecordedHistory_ReplaysWithTodaysWorkflow_WithoutNondeterminism(string file)
    {
        var json = await File.ReadAllTextAsync(Path.Combine(Folder, file));
        // The file name is <workflow id>.<run>.json; the id only labels errors.
        var workflowId = file[..file.IndexOf('.', StringComparison.Ordinal)];
        var history = WorkflowHistory.FromJson(workflowId, json);
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions().AddWorkflow<CampaignWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        output.WriteLine($"{file}: {history.Events.Count} events replayed");
        Assert.Null(result.ReplayFailure);
    }
}
