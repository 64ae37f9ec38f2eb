using System.Globalization;

namespace AutoPipe.Client.Tests.Support;

/// <summary>Finds live processes by an argument of their command line (/proc), for leftover-process checks.</summary>
public static class Processes
{
    public static List<int> WithArgument(string argument)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(entry, "cmdline")).Split('\0');
                var state = File.ReadAllText(Path.Combine(entry, "stat"));
                // A zombie has exited; only its parent's wait is missing.
                if (arguments.Contains(argument) && !state[(state.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }
}
