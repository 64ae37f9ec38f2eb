using System.CommandLine;

namespace AutoPipe.Client.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    public static Option<string> Workdir(string description) => new("--workdir", "-w")
    {
        Description = description,
        Required = true,
        HelpName = "DIR",
    };

    public static Option<string?> Campaign() => new("--campaign")
    {
        Description = "The campaign's name (its workflow id is autopipe-NAME).",
        HelpName = "NAME",
    };

    public static Option<bool> Json(string description) => new("--json")
    {
        Description = description,
    };
}
