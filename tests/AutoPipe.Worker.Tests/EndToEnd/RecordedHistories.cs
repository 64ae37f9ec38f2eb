using Temporalio.Common;

namespace AutoPipe.Worker.Tests.EndToEnd;

/// <summary>
/// Saves the histories of finished end-to-end runs to the folder named by AUTOPIPE_RECORD_HISTORIES (when set), in
/// Temporal's JSON format, named <c>&lt;workflow id&gt;.&lt;n&gt;.json</c> like Replay/Histories: so that newer
/// histories can be recorded wherever a server runs and added to the offline replay tests.
/// </summary>
internal static class RecordedHistories
{
    public const string Variable = "AUTOPIPE_RECORD_HISTORIES";

    public static void Save(WorkflowHistory history, int run)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{history.Id}.{run}.json"), history.ToJson());
    }
}
