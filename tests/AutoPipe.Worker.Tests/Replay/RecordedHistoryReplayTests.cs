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
        // Guards the theory below against silently replaying nothing (a broken copy step).
        Assert.Equal(22, Histories().Count);
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
