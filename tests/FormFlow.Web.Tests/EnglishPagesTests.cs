using System.Text.RegularExpressions;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The HRBP's and the administrator's pages in English, on a phone and a desktop:
/// 孙悦 (E005, Yue Sun, whose language is English, HRBP of Sales &amp; Marketing) launches a cycle with the wizard and
/// reads its dashboard; 林晓 (E002, Xiao Lin, whose language is Chinese) switches to English and checks an organisation
/// file and reads the outbox. Every text on screen is English.
/// Over SQLite only, as the pages run by default: what they read is stored alike over PostgreSQL (the storage and
/// API tests run over both, as do the acceptance scenarios in the browser).
/// </summary>
public sealed class EnglishPagesTests() : PagesFixture("sqlite")
{
    private static IEnumerable<Screen> Screens() => [Screen.Phone, Screen.Desktop];

    [TestCaseSource(nameof(Screens))]
    public async Task The_hrbp_launches_a_cycle_and_reads_its_dashboard_in_english(Screen screen)
    {
        await using var tab = await Tab.OpenAsync(Host.Address, screen, locale: "en-GB");
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "Yue Sun");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My tasks", Level = 1 })).ToBeVisibleAsync();
        await ExpectEnglishAsync(tab, "1-tasks");

        // The cycles list.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Review cycles" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review cycles", Level = 1 })).ToBeVisibleAsync();
        await ExpectEnglishAsync(tab, "2-cycles");

        // The wizard, step by step.
        var name = $"Sales review {screen.Width}";
        await page.GetByRole(AriaRole.Button, new() { Name = "Launch a cycle" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Launch a review cycle", Level = 1 })).ToBeVisibleAsync();
        await Controls.ChooseAsync(page, "Process", "Annual performance review");
        await page.GetByLabel("Cycle name").FillAsync(name);
        await ExpectEnglishAsync(tab, "3-wizard-process");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Controls.ChooseAsync(page, "Department", "Sales & Marketing");
        await Expect(LaunchWizard.LiveCount(page)).ToHaveTextAsync("13");
        await ExpectEnglishAsync(tab, "4-wizard-population");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(page.GetByLabel("Start date")).ToBeVisibleAsync();
        await ExpectEnglishAsync(tab, "5-wizard-window");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(page.Locator(".launch-summary")).ToContainTextAsync(name);
        await Expect(page.Locator(".launch-summary")).ToContainTextAsync("Sales & Marketing");
        await ExpectEnglishAsync(tab, "6-wizard-confirm");

        // The dashboard.
        await page.GetByRole(AriaRole.Button, new() { Name = "Launch for 13 people" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The cycle is launched: tasks opened for 13 people." })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(Dashboard.Figure(page, "People")).ToContainTextAsync("13");
        await Expect(page.Locator(".chart canvas")).ToHaveCountAsync(2);
        await ExpectEnglishAsync(tab, "7-dashboard");

        // The extend dialog.
        await page.GetByRole(AriaRole.Button, new() { Name = "Extend", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("New end date");
        await ExpectEnglishAsync(tab, "8-extend-dialog");
        Assert.That(tab.Problems, Is.Empty);
    }

    [TestCaseSource(nameof(Screens))]
    public async Task The_administrator_switches_to_english_and_checks_an_organisation_file_and_reads_the_outbox(Screen screen)
    {
        // The switch keeps the choice for the person: the run at the other width starts from Chinese again.
        using (var api = new HostApi(Host.Address))
        {
            await api.ChooseLanguageAsync("E002", "zh-CN");
        }

        await using var tab = await Tab.OpenAsync(Host.Address, screen, locale: "en-GB");
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "Xiao Lin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的待办", Level = 1 })).ToBeVisibleAsync();
        await page.GetByText("English", new() { Exact = true }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My tasks", Level = 1 })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Administration", Level = 1 })).ToBeVisibleAsync();
        await ExpectEnglishAsync(tab, "1-admin");

        // The organisation import's dry run: a problem by row and column, in English.
        await page.GetByRole(AriaRole.Link).Filter(new() { HasText = "Import the organisation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import the organisation", Level = 1 })).ToBeVisibleAsync();
        await ExpectEnglishAsync(tab, "2-import");
        var lines = File.ReadAllLines(Path.Combine(Repository(), "samples", "organisation", "demo-organisation.csv"));
        var row = Array.FindIndex(lines, l => l.StartsWith("E012,", StringComparison.Ordinal));
        lines[row] = lines[row].Replace(",E011,", ",E999,", StringComparison.Ordinal);
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "organisation.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check the file" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "The file has 1 problem" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Nothing was written.", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(page.Locator(".ant-table-tbody tr").Filter(new() { HasText = "E999" }).Locator("td").Nth(1)).ToHaveTextAsync("manager_id");
        await ExpectEnglishAsync(tab, "3-import-problems");

        // The outbox.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to administration" }).ClickAsync();
        await page.GetByRole(AriaRole.Link).Filter(new() { HasText = "Notification outbox" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notification outbox", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { NameRegex = new Regex("^Dead letters") })).ToBeAttachedAsync();
        await ExpectEnglishAsync(tab, "4-outbox");
        Assert.That(tab.Problems, Is.Empty);
    }

    private static async Task ExpectEnglishAsync(Tab tab, string step)
    {
        await tab.CheckAsync(step);
        Assert.That(await Language.ChineseOnScreenAsync(tab.Page), Is.Empty, $"{step}: Chinese on an English page");
    }

    private static string Repository()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FormFlow.sln")))
        {
            folder = folder.Parent;
        }

        return folder!.FullName;
    }
}
