using AutoPipe.Client.Commands;
using AutoPipe.Client.Demos;
using AutoPipe.Core.Input;
using AutoPipe.Core.Workspace;
using AutoPipe.Worker.Runtime;
using Microsoft.Data.Sqlite;

namespace AutoPipe.Client.Tests;

/// <summary>The one mapping from what a command throws to the exit code and the words on the console.</summary>
public class FailuresTests
{
    public static TheoryData<Exception, int, string> Mapped => new()
    {
        { new InputException(["s.json: workers: must be between 1 and 4096, got 0", "s.json: jobs.count: must be at least 1"]), 2, "error: s.json: workers: must be between 1 and 4096, got 0\nerror: s.json: jobs.count: must be at least 1\n" },
        { new WorkdirBusyException("another autopipe run (pid 7) holds runs/c6"), 3, "error: another autopipe run (pid 7) holds runs/c6\n" },
        { new WorkdirUnavailableException("cannot use runs/c6: Read-only file system", new IOException("Read-only file system")), 3, "error: cannot use runs/c6: Read-only file system\n" },
        { new TemporalUnavailableException("cannot reach Temporal at 127.0.0.1:1 (namespace default)", new IOException("refused")), 3, "error: cannot reach Temporal at 127.0.0.1:1 (namespace default)\n" },
        { new IOException("No space left on device"), 3, "error: No space left on device\n" },
        { new SqliteException("SQLite Error 26: 'file is not a database'.", 26), 3, "error: SQLite Error 26: 'file is not a database'.\n" },
    };

    [Theory]
    [MemberData(nameof(Mapped))]
    public void Report_KnownFailure_ItsExitCodeAndEveryProblemOnStandardError(Exception failure, int exit, string stderr)
    {
        var (code, output, error) = Report(failure, stopping: false);

        Assert.Equal(exit, code);
        Assert.Equal(stderr, error);
        Assert.Empty(output);
    }

    [Fact]
    public void Report_ClaimFailed_Exit1WithTheClaimOnStandardOutput()
    {
        var (code, output, error) = Report(new ClaimFailedException("job-0002 should have been retried"), stopping: false);

        Assert.Equal((1, "CLAIM FAILED: job-0002 should have been retried\n", ""), (code, output, error));
    }

    [Fact]
    public void Report_CancelledByCtrlC_Exit130Quietly()
    {
        Assert.Equal((130, "", ""), Report(new OperationCanceledException(), stopping: true));
    }

    [Fact]
    public void Report_CancelledWithoutBeingAsked_IsAnInternalError()
    {
        var (code, _, error) = Report(new TaskCanceledException("a timeout of our own"), stopping: false);

        Assert.Equal(70, code);
        Assert.StartsWith("error: internal error, a bug in AutoPipe", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_BugWithoutALog_Exit70WithTheStackTrace()
    {
        var (code, _, error) = Report(Thrown(new InvalidOperationException("boom")), stopping: false);

        Assert.Equal(70, code);
        Assert.StartsWith("error: internal error, a bug in AutoPipe (please report it with what follows): System.InvalidOperationException: boom", error, StringComparison.Ordinal);
        Assert.Contains($"at {typeof(FailuresTests).FullName}.{nameof(Thrown)}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_BugLoggedInTheCampaignLog_Exit70PointingToTheLog()
    {
        var bug = Thrown(new InvalidOperationException("boom"));
        bug.Data[Failures.LogKey] = "runs/c6/autopipe.log";

        var (code, _, error) = Report(bug, stopping: false);

        Assert.Equal(70, code);
        Assert.Equal(
            "error: internal error, a bug in AutoPipe (please report it with runs/c6/autopipe.log, which has the details): InvalidOperationException: boom. " +
            "Everything committed so far is safe; run the same command again to resume.\n",
            error);
    }

    private static (int Code, string Output, string Error) Report(Exception failure, bool stopping)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = Failures.Report(failure, stopping, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static Exception Thrown(Exception failure)
    {
        try
        {
            throw failure;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
