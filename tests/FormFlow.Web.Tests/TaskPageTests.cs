using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The task page of a self-review. A submit refused because the task changed
/// meanwhile (409): 曹阳 (E027) has his self-review open in two tabs; the draft saved in the other tab makes the first
/// tab's submit meet a newer version. Nothing he typed is lost: the page says someone else changed it, reloads keeping
/// what he typed, and submits it. A list's items are added with a button that says so (邓超, E028); on a phone the
/// header shows the product and the person in full, in English too (陈思远, E024, Steven Chen).
/// Over SQLite only, as the pages run by default: what they read is stored alike over PostgreSQL (the storage and
/// API tests run over both, as do the acceptance scenarios in the browser).
/// </summary>
public sealed partial class TaskPageTests() : PagesFixture("sqlite")
{
    private const string Hrbp = "E004";
    private const string Employee = "E027";
    private const string ListFiller = "E028";
    private const string EnglishEmployee = "E024";

    private HostApi? api;
    private string cycleId = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        api = new HostApi(Host.Address);
        await api.PublishQuickReviewAsync(Hrbp);
        cycleId = "conflict-" + Kind;
        await api.LaunchCycleAsync(await api.TokenAsync(Hrbp), cycleId, QuickReview.Key, Host.Clock.GetUtcNow(), new JsonObject { ["personIds"] = new JsonArray(Employee, ListFiller, EnglishEmployee) });
    }

    [OneTimeTearDown]
    public void StopApi()
    {
        api?.Dispose();
    }

    [Test]
    public async Task A_submit_after_the_task_changed_in_another_tab_keeps_what_was_typed_and_submits_it_after_a_reload()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "曹阳");
        await Reviewing.TaskLink(page, QuickReview.StepZh).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = QuickReview.StepZh, Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("考核期间").FillAsync("2026");
        await page.GetByLabel("目标", new() { Exact = true }).FillAsync("日志平台扩容");
        await page.GetByLabel("实际结果", new() { Exact = true }).FillAsync("容量翻倍，成本持平");
        await Controls.SetRatingAsync(SignIn.Field(page, "自评分"), 4);
        await Controls.SetRatingAsync(SignIn.Field(page, "综合自评"), 4);
        var saved = page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedAt() });
        await Expect(saved).ToBeVisibleAsync();

        // The same task in another tab: a change there is saved as the draft.
        var other = await tab.OpenAnotherPageAsync();
        await other.GotoAsync(page.Url);
        await Expect(other.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("容量翻倍，成本持平");
        await other.GetByLabel("最满意的亮点").FillAsync("在另一个窗口写的亮点");
        await Expect(other.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedAt() })).ToBeVisibleAsync();
        await other.CloseAsync();

        // Back in the first tab: one more answer, then 提交 at once — on the version this tab read, now gone.
        await page.GetByLabel("希望获得的支持").FillAsync("需要一台压测机器");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        var conflict = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "此任务已被他人或另一个窗口修改，你的修改未保存。" });
        await Expect(conflict).ToBeVisibleAsync();
        await Expect(conflict).ToContainTextAsync("你填写的内容仍在本页，也保存在本设备上。");
        await Expect(page.GetByLabel("希望获得的支持")).ToHaveValueAsync("需要一台压测机器");
        await Expect(page.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("容量翻倍，成本持平");
        Assert.That((await Host.OpenTasksAsync(Employee)).Single(t => t.CycleId == cycleId), Is.Not.Null, "nothing was submitted");
        await tab.CheckAlsoAtAsync("1-conflict", Screen.Phone);

        // 重新载入并保留我的填写: the task as it is now, with what this tab typed on top, saved as the draft.
        await conflict.GetByRole(AriaRole.Button, new() { Name = "重新载入并保留我的填写" }).ClickAsync();
        await Expect(conflict).ToBeHiddenAsync();
        await Expect(saved).ToBeVisibleAsync();
        await Expect(page.GetByLabel("希望获得的支持")).ToHaveValueAsync("需要一台压测机器");
        await Expect(page.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("容量翻倍，成本持平");
        await tab.CheckAlsoAtAsync("2-reloaded-keeping", Screen.Phone);
        var taskId = new Uri(page.Url).Segments[^1];
        var draft = (await api!.SendAsync(await api.TokenAsync(Employee), HttpMethod.Get, $"/api/tasks/{taskId}", null))!["data"]!;
        Assert.That((string?)draft["support_wanted"], Is.EqualTo("需要一台压测机器"), "what was typed is the draft now");

        // Submitted as typed.
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();
        Assert.That((await Host.OpenTasksAsync(Employee)).Where(t => t.CycleId == cycleId), Is.Empty);
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task A_goal_is_added_to_the_list_with_a_button_that_says_so()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "邓超");
        await Reviewing.TaskLink(page, QuickReview.StepZh).ClickAsync();
        var goals = page.GetByLabel("目标", new() { Exact = true });
        await Expect(goals).ToHaveCountAsync(1);
        var add = page.GetByRole(AriaRole.Button, new() { Name = "添加一项" });
        await Expect(add).ToHaveTextAsync("添加一项");
        await add.ScrollIntoViewIfNeededAsync();
        await tab.CheckAlsoAtAsync("1-list", Screen.Desktop);
        await add.ClickAsync();
        await Expect(goals).ToHaveCountAsync(2);
        await goals.Nth(1).FillAsync("第二个目标");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "删除此项" })).ToHaveCountAsync(2);
        await tab.CheckAlsoAtAsync("2-item-added", Screen.Desktop);
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task A_phone_loads_the_pages_scripts_compressed()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;
        var scripts = new List<IResponse>();
        page.Response += (_, response) =>
        {
            if (new Uri(response.Url).AbsolutePath is var path && path.StartsWith("/assets/", StringComparison.Ordinal) && path.EndsWith(".js", StringComparison.Ordinal))
            {
                lock (scripts)
                {
                    scripts.Add(response);
                }
            }
        };
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "邓超");
        await Reviewing.TaskLink(page, QuickReview.StepZh).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = QuickReview.StepZh, Level = 1 })).ToBeVisibleAsync();

        long sent = 0;
        long scriptBytes = 0;
        var uncompressed = new List<string>();
        var codings = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var response in scripts.ToList())
        {
            var coding = await response.HeaderValueAsync("content-encoding");
            codings[coding ?? "none"] = codings.GetValueOrDefault(coding ?? "none") + 1;
            var length = (await response.BodyAsync()).Length;
            sent += (await response.Request.SizesAsync()).ResponseBodySize;
            scriptBytes += length;
            if (length > 1024 && coding is not ("br" or "gzip"))
            {
                uncompressed.Add($"{response.Url} ({length} bytes, {coding ?? "no coding"})");
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(scripts, Has.Count.GreaterThan(10), "the inbox and the task page load their scripts");
            Assert.That(uncompressed, Is.Empty, "every script but the smallest arrives compressed");
            Assert.That(sent, Is.LessThan(scriptBytes / 2), $"{sent:N0} bytes sent for {scriptBytes:N0} bytes of script");
        });
        TestContext.Out.WriteLine($"a phone's first visit to a task: {scripts.Count} scripts ({string.Join(", ", codings.Select(c => $"{c.Key} {c.Value}"))}), {sent:N0} bytes sent for {scriptBytes:N0} bytes of script");
        Assert.That(tab.Problems, Is.Empty);
    }

    private static IEnumerable<Screen> Phones() => [Screen.Phone, Screen.NarrowPhone];

    [TestCaseSource(nameof(Phones))]
    public async Task On_a_phone_the_header_shows_the_product_and_the_person_in_full_in_english(Screen screen)
    {
        await using var tab = await Tab.OpenAsync(Host.Address, screen, locale: "en-GB");
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "Steven Chen");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My tasks", Level = 1 })).ToBeVisibleAsync();
        await ExpectWholeHeaderAsync(page, "FormFlow", "Steven Chen");
        await tab.CheckAsync("1-inbox");

        // The task page, with its list's add button in English.
        await Reviewing.TaskLink(page, QuickReview.StepEn).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = QuickReview.StepEn, Level = 1 })).ToBeVisibleAsync();
        await ExpectWholeHeaderAsync(page, "FormFlow", "Steven Chen");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add an item" })).ToHaveTextAsync("Add an item");
        await tab.CheckAsync("2-task");
        Assert.That(tab.Problems, Is.Empty);
    }

    /// <summary>The phone's header: the product's name and the person's, each whole (no ellipsis), inside the screen.</summary>
    private static async Task ExpectWholeHeaderAsync(IPage page, string product, string person)
    {
        var header = page.Locator(".app-header");
        await Expect(header.Locator(".app-brand-small")).ToHaveTextAsync(product);
        await Expect(header.Locator(".app-person")).ToHaveTextAsync(person);
        var cut = await header.EvaluateAsync<string[]>("""
            header => [header, ...header.querySelectorAll('.app-brand-small, .app-person')]
              .filter(e => e.scrollWidth > e.clientWidth || e.getBoundingClientRect().right > window.innerWidth)
              .map(e => e.className + ': ' + e.textContent)
            """);
        Assert.That(cut, Is.Empty, "cut off in the header");
    }

    [GeneratedRegex(@"^已保存 \d{2}:\d{2}$")]
    private static partial Regex SavedAt();
}
