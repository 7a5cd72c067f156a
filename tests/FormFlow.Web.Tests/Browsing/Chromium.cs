using Microsoft.Playwright;

namespace FormFlow.Web.Tests;

/// <summary>
/// One headless Chromium for the whole run: Debian's (<c>/usr/bin/chromium</c>, which <c>./test.sh</c> installs), never a
/// browser Playwright downloads. The flags keep it off the network it cannot reach and out of the sandbox it cannot
/// have as root.
/// </summary>
[SetUpFixture]
public sealed class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static IPlaywright? playwright;
    private static IBrowser? browser;

    public static IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium starts in the assembly's set-up");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Fail($"{ExecutablePath} is missing: the browser tests drive Debian's Chromium. Run ./test.sh (it installs the chromium package) or apt-get install chromium.");
        }

        // Playwright only ever uses the browser named here; it must not look for (or fetch) one of its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // A machine shared with other builds can be slow: expectations wait up to 20 s, not Playwright's 5.
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
    }
}
