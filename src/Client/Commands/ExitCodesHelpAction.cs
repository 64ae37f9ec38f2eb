using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace AutoPipe.Client.Commands;

/// <summary>
/// <c>--help</c> as System.CommandLine writes it, then the exit-code table on every command's page: so the table
/// stands once on each page (the root's description has it too), not again in the root's command list.
/// </summary>
internal sealed class ExitCodesHelpAction(HelpAction inner) : SynchronousCommandLineAction
{
    /// <summary>As for the built-in help: asking for help is not an error, whatever else is missing.</summary>
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var exit = inner.Invoke(parseResult);
        if (parseResult.CommandResult.Command is not RootCommand)
        {
            Console.Out.WriteLine(ExitCodes.Help);
        }

        return exit;
    }
}
