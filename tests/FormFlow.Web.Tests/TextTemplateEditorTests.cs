using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// 通知与报告模板: 赵敏 (E004, HRBP) edits the task-assigned notification in the
/// Scriban editor, sees the preview change in Chinese and English, sees an error at its line with publishing refused,
/// fixes it, publishes, and reads the versions and their diff. Nothing she does is JSON: she types the template
/// language itself.
/// Over SQLite only, as the pages run by default: what they read is stored alike over PostgreSQL (the storage and
/// API tests run over both, as do the acceptance scenarios in the browser).
/// </summary>
public sealed partial class TextTemplateEditorTests() : PagesFixture("sqlite")
{
    [Test]
    public async Task An_hrbp_edits_the_task_assigned_notice_sees_it_previewed_in_both_languages_and_publishes_it_once_its_error_is_fixed()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");

        // 设计 → 通知与报告模板: both kinds listed, the shipped ones marked 内置.
        await MainNavigation.Link(page, "设计").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "通知与报告模板" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "通知与报告模板", Level = 1 })).ToBeVisibleAsync();
        var assignedRow = page.Locator(".ant-table-tbody tr").Filter(new() { HasText = "task.assigned" }).First;
        await Expect(assignedRow).ToContainTextAsync("内置");
        await Expect(page.Locator(".ant-table-tbody tr").Filter(new() { HasText = "pre-interview" })).ToContainTextAsync("内置");
        await tab.CheckAlsoAtAsync("list", Screen.Phone);

        // The editor: the texts in Scriban, the variables beside them, the preview in both languages.
        await assignedRow.GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "task.assigned", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".texttemplate-variables").GetByText("{{ recipient.name }}", new() { Exact = true })).ToBeVisibleAsync();
        var chinese = page.GetByRole(AriaRole.Region, new() { Name = "中文预览" });
        var english = page.GetByRole(AriaRole.Region, new() { Name = "英文预览" });
        await Expect(chinese).ToContainTextAsync("您有一项新的待办");
        await Expect(english).ToContainTextAsync("You have a new task");

        // Her line in the Chinese body, then in the English one: each preview shows it.
        var zhBody = page.GetByRole(AriaRole.Textbox, new() { Name = "正文（中文）" });
        var lines = await CountLinesAsync(zhBody);
        await TypeAtEndAsync(page, zhBody, "\n请在截止前完成：{{ task.title }}");
        await Expect(chinese).ToContainTextAsync("请在截止前完成：");
        await page.GetByRole(AriaRole.Tab, new() { Name = "英文" }).ClickAsync();
        await TypeAtEndAsync(page, page.GetByRole(AriaRole.Textbox, new() { Name = "正文（英文）" }), "\nPlease finish it before the due date.");
        await Expect(english).ToContainTextAsync("Please finish it before the due date.");
        await Expect(page.GetByText(new Regex("^已保存"))).ToBeVisibleAsync();
        await tab.CheckAlsoAtAsync("edited", Screen.Phone);

        // An `if` left open: the finding at its line in the Chinese body's editor, publishing refused with the reason.
        await page.GetByRole(AriaRole.Tab, new() { Name = "中文" }).ClickAsync();
        await TypeAtEndAsync(page, zhBody, "\n{{ if task.due }}截止：{{ task.due }}");
        var problems = page.Locator("#text-body-zh-CN .code-editor-problems");
        await Expect(problems).ToContainTextAsync($"第 {lines + 2} 行");
        await Expect(page.Locator("#text-body-zh-CN .cm-lintRange-error")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true })).ToBeDisabledAsync();
        await Expect(page.GetByText("还有 1 个错误，修正后才能发布")).ToBeVisibleAsync();
        await tab.CheckAlsoAtAsync("error", Screen.Phone);

        // Closed: no finding, published as version 1.
        await TypeAtEndAsync(page, zhBody, "{{ end }}");
        await Expect(problems).ToHaveCountAsync(0);
        await Expect(chinese).ToContainTextAsync("截止：");
        await PublishAsync(page, 1);

        // A second change, to the Chinese subject, published as version 2; the versions and their diff.
        await TypeAtEndAsync(page, page.GetByRole(AriaRole.Textbox, new() { Name = "标题（中文）" }), "（请处理）");
        await Expect(chinese).ToContainTextAsync("（请处理）");
        await PublishAsync(page, 2);
        await page.GetByRole(AriaRole.Button, new() { Name = "版本" }).ClickAsync();
        var drawer = page.GetByRole(AriaRole.Dialog, new() { Name = "版本与差异" });
        await Expect(drawer).ToContainTextAsync("第 1 版");
        await Expect(drawer).ToContainTextAsync("第 2 版");
        await Expect(drawer.Locator(".diff-new")).ToContainTextAsync("（请处理）");
        await tab.CheckAlsoAtAsync("versions", Screen.Phone);

        // The editor's address, with the key's dot, reloads as the editor (a page, not a missing file).
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "task.assigned", Level = 1 })).ToBeVisibleAsync();
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task A_report_template_is_previewed_in_both_languages_over_the_sample_and_over_a_real_person()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await Expect(MainNavigation.Link(page, "设计")).ToBeVisibleAsync();
        await page.GotoAsync("/design/texts/reports/history");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "history", Level = 1 })).ToBeVisibleAsync();
        var frames = page.Locator("iframe.texttemplate-report");
        await Expect(frames).ToHaveCountAsync(2);
        await Expect(frames.First).ToHaveAttributeAsync("sandbox", "");
        await Expect(page.FrameLocator("iframe.texttemplate-report >> nth=0").Locator("h1")).ToBeVisibleAsync();
        await Expect(page.Locator(".texttemplate-variables").GetByText("{{ entries }}", new() { Exact = true })).ToBeVisibleAsync();

        // Over a real person: 李娜, whom her HRBP may read.
        await page.GetByText("真实数据", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "选择一位员工" }).FillAsync("李娜");
        await page.Locator(".ant-select-item-option").Filter(new() { HasText = "李娜" }).First.ClickAsync();
        await Expect(page.FrameLocator("iframe.texttemplate-report >> nth=0").Locator("h1")).ToContainTextAsync("李娜");
        await Expect(page.FrameLocator("iframe.texttemplate-report >> nth=1").Locator("h1")).ToContainTextAsync("Na Li");
        await tab.CheckAsync("report-real", intoFrames: false);
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task An_hrbp_previews_the_cycle_launched_notice_over_the_one_sent_to_her()
    {
        // 赵敏 is the subject of a review herself: the notice that it started was sent to her.
        using (var api = new HostApi(Host.Address))
        {
            await api.LaunchCycleAsync(await api.TokenAsync("E002"), "notice-preview", "annual-review", DateTimeOffset.UtcNow, new JsonObject { ["personIds"] = new JsonArray("E004") });
        }

        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await Expect(MainNavigation.Link(page, "设计")).ToBeVisibleAsync();
        await page.GotoAsync("/design/texts/notifications/cycle.launched");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "cycle.launched", Level = 1 })).ToBeVisibleAsync();

        await page.GetByText("真实数据", new() { Exact = true }).ClickAsync();
        await Controls.ChooseAsync(page, "选择一条该事件的通知", "我收到的");
        var chinese = page.GetByRole(AriaRole.Region, new() { Name = "中文预览" });
        var english = page.GetByRole(AriaRole.Region, new() { Name = "英文预览" });
        await Expect(chinese).ToContainTextAsync("赵敏");
        await Expect(chinese).ToContainTextAsync("notice-preview");
        await Expect(english).ToContainTextAsync("Min Zhao");
        await tab.CheckAsync("notice-real", intoFrames: false);
        Assert.That(tab.Problems, Is.Empty);
    }

    private static async Task<int> CountLinesAsync(ILocator editor) => await editor.Locator(".cm-line").CountAsync();

    // CodeMirror takes keys, not fill: the caret to the end of the text, then her typing.
    private static async Task TypeAtEndAsync(IPage page, ILocator editor, string text)
    {
        await editor.ClickAsync();
        await page.Keyboard.PressAsync("Control+End");
        foreach (var (line, i) in text.Split('\n').Select((line, i) => (line, i)))
        {
            if (i > 0)
            {
                await page.Keyboard.PressAsync("Enter");
            }

            await page.Keyboard.InsertTextAsync(line);
        }
    }

    private static async Task PublishAsync(IPage page, int version)
    {
        var publish = page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true });
        await Expect(publish).ToBeEnabledAsync();
        await publish.First.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "发布为新版本？" });
        await Expect(dialog).ToContainTextAsync($"第 {version} 版");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
        await Expect(page.GetByText($"已发布第 {version} 版")).ToBeVisibleAsync();
    }
}
