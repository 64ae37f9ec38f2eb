using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AutoPipe.Client.Tests.Support;

/// <summary>
/// Debian's headless Chromium (.ci/run installs it) loading a page as a person's browser would: a probe script,
/// added to a copy of the page, records script errors and whether every image decoded, in the DOM it dumps.
/// </summary>
public static partial class Chromium
{
    public const string Executable = "/usr/bin/chromium";

    private const string Probe = """
        <script>
        window.__errors = [];
        window.addEventListener('error', function (e) { window.__errors.push(String(e.message || (e.target && e.target.src) || e.type)); }, true);
        window.addEventListener('load', function () {
          var images = [].slice.call(document.images);
          var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0 && i.naturalHeight > 0); });
          var marker = document.createElement('pre');
          marker.id = 'probe';
          marker.textContent = 'PROBE-RESULT images=' + images.length + ' broken=' + broken.length + ' errors=' + window.__errors.length + ' ' + window.__errors.join(' | ');
          document.body.appendChild(marker);
        });
        </script>
        """;

    /// <summary>Loads <paramref name="page"/> (a copy with the probe, in the same folder) and returns what the probe saw and the console errors.</summary>
    public static (int Images, int Broken, int Errors, string Detail, IReadOnlyList<string> ConsoleErrors) Load(string page)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: .ci/run installs Debian's chromium (apt-get install chromium)");
        var probed = Path.Combine(Path.GetDirectoryName(page)!, "probe-" + Guid.NewGuid().ToString("N")[..8] + ".html");
        File.WriteAllText(probed, File.ReadAllText(page).Replace("<head>", "<head>\n" + Probe, StringComparison.Ordinal));
        var profile = Directory.CreateTempSubdirectory("autopipe-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.FullName, "--enable-logging=stderr", "--v=0",
                         "--dump-dom", new Uri(probed).AbsoluteUri,
                     })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish within 60 s");
            }

            var dom = output.Result;
            var match = ProbeResult().Match(dom);
            Assert.True(match.Success, $"the probe did not run (exit {process.ExitCode}):\n{error.Result}");
            // Chromium writes the page's console messages to stderr as "...:CONSOLE(line)] message".
            var consoleErrors = error.Result.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
            return (int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value), match.Groups[4].Value, consoleErrors);
        }
        finally
        {
            File.Delete(probed);
            profile.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"PROBE-RESULT images=(\d+) broken=(\d+) errors=(\d+) ([^<]*)")]
    private static partial Regex ProbeResult();
}
