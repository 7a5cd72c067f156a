using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace FormFlow.Web.Tests;

/// <summary>A viewport: a phone (390 × 844), the narrowest phone the pages serve (360 × 740), or a desktop (1440 × 900).</summary>
public sealed record Screen(string Name, int Width, int Height)
{
    public static readonly Screen Phone = new("phone", 390, 844);
    public static readonly Screen NarrowPhone = new("narrow phone", 360, 740);
    public static readonly Screen Desktop = new("desktop", 1440, 900);

    public override string ToString() => $"{Width}";
}

/// <summary>
/// A browser tab on the host for one test, in a fresh context (no stored sign-in): it records what the browser
/// refused under the Content-Security-Policy and the pages' errors, writes screenshots, and runs axe-core.
/// </summary>
public sealed class Tab : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly List<string> problems = [];

    private Tab(IBrowserContext context, IPage page, Screen screen)
    {
        this.context = context;
        Page = page;
        Screen = screen;
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.Contains("Content-Security-Policy", StringComparison.Ordinal)))
            {
                lock (problems)
                {
                    problems.Add("CSP: " + message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (problems)
            {
                problems.Add("page error: " + error);
            }
        };
    }

    public IPage Page { get; }

    public Screen Screen { get; }

    /// <summary>What went wrong in the page so far: refusals under the Content-Security-Policy, uncaught errors.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
            {
                return [.. problems];
            }
        }
    }

    public static async Task<Tab> OpenAsync(string baseUrl, Screen screen, string locale = "zh-CN")
    {
        var context = await Chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = screen.Width, Height = screen.Height },
            Locale = locale,
            TimezoneId = "Asia/Shanghai",
            IsMobile = screen.Width < 768,
            HasTouch = screen.Width < 768,
            // As a person who asked for less motion: Ant Design's drop-downs open without sliding in (the pages honour
            // the setting), so an option is clicked where it stands rather than while it moves.
            ReducedMotion = ReducedMotion.Reduce,
        });
        context.SetDefaultTimeout(20_000);
        return new Tab(context, await context.NewPageAsync(), screen);
    }

    /// <summary>A screenshot of the whole page: test-results/web/{test}-{step}-{width}.png (git-ignored).</summary>
    public async Task ScreenshotAsync(string step, int? width = null, bool untilNetworkIdle = true)
    {
        // A fixture run once per database names its pictures by it too.
        var database = System.Text.RegularExpressions.Regex.Match(TestContext.CurrentContext.Test.FullName, "\\(\"(sqlite|postgresql)\"\\)").Groups[1].Value;
        var name = $"{TestContext.CurrentContext.Test.MethodName}{(database.Length > 0 ? "-" + database : "")}-{step}-{width ?? Screen.Width}.png";
        foreach (var bad in Path.GetInvalidFileNameChars())
        {
            name = name.Replace(bad, '_');
        }

        // Let the page settle (fonts, Ant Design's motion) before the picture.
        if (untilNetworkIdle)
        {
            await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        // The fonts loaded and two frames drawn: what the picture shows is what a person would see, without a fixed
        // pause per picture (hundreds of pictures per run; motion is off, see Tab.OpenAsync).
        await Page.EvaluateAsync("() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))");
        await Page.EvaluateAsync("window.scrollTo(0, 0)");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots.Folder, name), FullPage = true });
    }

    /// <summary>Fails on any serious or critical axe-core violation of the page as it is now.</summary>
    public async Task ExpectAccessibleAsync(string step, bool intoFrames = true)
    {
        // A report's sandboxed frame runs no script, so axe cannot go into it (it would wait for it forever); the frame
        // itself, its title included, is still checked as part of the page.
        var result = intoFrames ? await Page.RunAxe() : await Page.RunAxe(new AxeRunOptions { Iframes = false });
        var grave = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.That(grave, Is.Empty, () => $"{step}: " + string.Join("\n", grave.Select(Describe)));
    }

    /// <summary>A screenshot, an axe-core check and a check that no text key shows instead of its text, of the page as it is now.</summary>
    public async Task CheckAsync(string step, bool intoFrames = true)
    {
        // A page with a report's frame may never count as network-idle to the browser; the caller has waited for the report.
        await ScreenshotAsync(step, untilNetworkIdle: intoFrames);
        await ExpectAccessibleAsync(step, intoFrames);
        await TextKeys.ExpectNoneShownAsync(Page, step);
    }

    /// <summary>
    /// The same check at another width too (the page resized, then back): a screenshot and axe-core at both, so each
    /// step of a scenario is seen on a phone and a desktop.
    /// </summary>
    public async Task CheckAlsoAtAsync(string step, Screen other)
    {
        await CheckAsync(step);
        await Page.SetViewportSizeAsync(other.Width, other.Height);
        try
        {
            await ScreenshotAsync(step, other.Width);
            await ExpectAccessibleAsync($"{step} at {other.Width}");
        }
        finally
        {
            await Page.SetViewportSizeAsync(Screen.Width, Screen.Height);
        }
    }

    /// <summary>Another tab of the same browser (its storage, its sign-in): the same task open twice, say.</summary>
    public Task<IPage> OpenAnotherPageAsync() => context.NewPageAsync();

    public async ValueTask DisposeAsync() => await context.DisposeAsync();

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Impact} {violation.Id}: {violation.Help} — {string.Join(" | ", violation.Nodes.Take(3).Select(n => string.Join(" ", n.Target?.ToString() ?? "") + " " + n.Html))}";
}

/// <summary>Where the tests write their screenshots: test-results/web/ beside FormFlow.sln (git-ignored), emptied once per run.</summary>
[SetUpFixture]
public sealed class Screenshots
{
    public static string Folder { get; private set; } = "";

    [OneTimeSetUp]
    public void Prepare()
    {
        Folder = Path.Combine(TextKeys.RepositoryFolder(), "test-results", "web");
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }

        Directory.CreateDirectory(Folder);
    }
}
