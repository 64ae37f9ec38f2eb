using AutoPipe.Core.Runtime;
using AutoPipe.Core.Spec;
using AutoPipe.Worker.Contracts;
using AutoPipe.Worker.Scheduling;
using AutoPipe.Worker.Workflows;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace AutoPipe.Worker.Tests.Workflows;

public class CampaignWorkflowInputTests
{
    /// <summary>What <c>temporal workflow start --input '...'</c> sends: a json/plain payload of the text as given.</summary>
    private static T FromCli<T>(string json) => DataConverter.Default.PayloadConverter.ToValue<T>(new Payload
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
        Data = ByteString.CopyFromUtf8(json),
    });

    [Fact]
    public void Input_MinimalCliJson_TakesDefaults()
    {
        var input = FromCli<CampaignWorkflow.Input>("""{"campaign": "si-bulk", "calculator": "mock"}""");

        Assert.Equal(("si-bulk", "mock"), (input.Campaign, input.Calculator));
        Assert.Equal(CampaignWorkflow.Input.DefaultWindow, input.Window);
        Assert.Null(input.State);
        Assert.Empty(CampaignInputValidator.Validate(input));
    }

    [Fact]
    public void Input_FullCliJson_ReadsEveryField()
    {
        var input = FromCli<CampaignWorkflow.Input>("""
            {"campaign": "si-bulk", "calculator": "qe-pbe", "window": 50, "batchSize": 10, "recordBatchSize": 20,
             "retry": {"maxAttempts": 4, "initialIntervalSeconds": 2, "backoffCoefficient": 3, "maximumIntervalSeconds": 30},
             "projectorTaskQueue": "autopipe-projector-si-bulk", "heartbeatTimeoutSeconds": 60, "activityMaxAttempts": 2,
             "continueAsNewAfterEvents": 5000}
            """);

        Assert.Equal((50, 10, 20, 60.0, 2, 5000), (input.Window, input.BatchSize, input.RecordBatchSize, input.HeartbeatTimeoutSeconds, input.ActivityMaxAttempts, input.ContinueAsNewAfterEvents));
        Assert.Equal(new RetryOptions(4, 2, 3, 30), input.Retry);
        Assert.Equal(TimeSpan.FromSeconds(6), input.Retry!.DelayAfter(2));
        Assert.Empty(CampaignInputValidator.Validate(input));
    }

    [Fact]
    public void Input_PartialRetryAsAnotherSdkSendsIt_TakesTheSpecDefaultsForTheRest()
    {
        // What the TypeScript client of the recorded tsc1 history sent.
        var input = FromCli<CampaignWorkflow.Input>("""{"campaign": "tsc1", "calculator": "mock", "retry": {"maxAttempts": 3, "initialIntervalSeconds": 1}}""");

        Assert.Equal(new RetryOptions(3, 1, RetryOptions.DefaultBackoffCoefficient, RetryOptions.DefaultMaximumIntervalSeconds), input.Retry);
    }

    [Fact]
    public void Input_RoundTripWithState_KeepsTheContinueAsNewState()
    {
        var input = new CampaignWorkflow.Input("c", "mock") { State = new CampaignState(41, 100, 38, 2, 45, 3, [new FailedJob("job-0007", "Crashed: boom")]) };
        var payload = DataConverter.Default.PayloadConverter.ToPayload(input);

        var back = DataConverter.Default.PayloadConverter.ToValue<CampaignWorkflow.Input>(payload);

        Assert.Equal(input.State, back.State! with { RecentFailures = input.State!.RecentFailures });
        Assert.Equal([new FailedJob("job-0007", "Crashed: boom")], back.State!.RecentFailures);
        Assert.Contains("\"nextSequence\":41", payload.Data.ToStringUtf8(), StringComparison.Ordinal);
        // The form continue-as-new states recorded before FailedJob existed hold, so that they still read.
        Assert.Contains("\"recentFailures\":[\"job-0007: Crashed: boom\"]", payload.Data.ToStringUtf8(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadInput_ReportsEveryProblemAtOnce()
    {
        var input = new CampaignWorkflow.Input("../etc", "") { Window = 5000, BatchSize = 0, HeartbeatTimeoutSeconds = -1, Retry = new RetryOptions(0, 5, 0.5, 1) };

        var problems = CampaignInputValidator.Validate(input);

        foreach (var field in new[] { "campaign", "calculator", "window", "batchSize", "heartbeatTimeoutSeconds", "retry.maxAttempts", "retry.backoffCoefficient", "retry.maximumIntervalSeconds" })
        {
            Assert.Contains(problems, p => p.StartsWith(field + ":", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void TaskQueues_Conventions_NameWorkflowAndProjector()
    {
        Assert.Equal("autopipe-si-bulk", TaskQueues.WorkflowId("si-bulk"));
        Assert.Equal("autopipe-projector-si-bulk", TaskQueues.Projector("si-bulk"));
    }
}
