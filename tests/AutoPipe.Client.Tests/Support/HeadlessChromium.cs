using Microsoft.Playwright;

namespace AutoPipe.Client.Tests.Support;

/// <summary>
/// One headless Chromium for a test class (Debian's /usr/bin/chromium driven by Playwright; Playwright never downloads
/// a browser here), a fresh page per test, and the folder the screenshots go to (under the test output, kept by CI).
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the screenshots go: screenshots/ in the test output folder.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium.Executable), $"{Chromium.Executable} is missing: setup-test-machine.sh installs Debian's chromium (apt-get install chromium)");
        Directory.CreateDirectory(Screenshots);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.Executable,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A page the size of a laptop screen that records script errors and dialogs (an alert would mean script ran).</summary>
    public async Task<(IPage Page, List<string> Problems)> NewPageAsync()
    {
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var problems = new List<string>();
        page.PageError += (_, error) =>
        {
            lock (problems)
            {
                problems.Add("page error: " + error);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (problems)
                {
                    problems.Add("console error: " + message.Text);
                }
            }
        };
        page.Dialog += (_, dialog) =>
        {
            lock (problems)
            {
                problems.Add("dialog: " + dialog.Message);
            }

            _ = dialog.DismissAsync();
        };
        return (page, problems);
    }

    /// <summary>Saves a screenshot of <paramref name="page"/> as NAME.png; returns its path.</summary>
    public static async Task<string> ShootAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new() { Path = path });
        return path;
    }

    public async Task DisposeAsync()
    {
        if (Browser != null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}
