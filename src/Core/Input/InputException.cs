namespace AutoPipe.Core.Input;

/// <summary>
/// Invalid user input (a campaign spec, a structures file, a working directory that belongs to another campaign).
/// Always raised before anything is written; the CLI maps it to exit code 2. Every problem found is listed,
/// each naming the file, field or line at fault.
/// </summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception from one or more problems.</summary>
    public InputException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception from a single problem.</summary>
    public InputException(string problem)
        : this([problem])
    {
    }

    /// <summary>Creates the exception from a single problem with its cause.</summary>
    public InputException(string problem, Exception inner)
        : base(problem, inner)
    {
        Problems = [problem];
    }

    /// <summary>Every problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }
}
