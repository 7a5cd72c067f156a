using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The HRBP 赵敏 (E004) manages a cycle from its dashboard: 延长 (a new end date),
/// 关闭, 取消周期 — each asked in a dialog (返回 does nothing), each said on the dashboard after, with what it did to the
/// tasks. Three cycles of the annual review, each for two people of R&amp;D, launched through the API.
/// Over SQLite only, as the pages run by default: what they read is stored alike over PostgreSQL (the storage and
/// API tests run over both, as do the acceptance scenarios in the browser).
/// </summary>
public sealed class CycleCommandTests() : PagesFixture("sqlite")
{
    private const string Hrbp = "E004";
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private HostApi? api;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        api = new HostApi(Host.Address);
        var token = await api.TokenAsync(Hrbp);
        foreach (var (cycle, people) in new[] { ("extend", new[] { "E012", "E013" }), ("close", new[] { "E014", "E016" }), ("cancel", new[] { "E018", "E019" }) })
        {
            await api.LaunchCycleAsync(token, Id(cycle), "annual-review", Host.Clock.GetUtcNow(), new JsonObject { ["personIds"] = new JsonArray([.. people.Select(p => JsonValue.Create(p))]) });
        }
    }

    [OneTimeTearDown]
    public void StopApi()
    {
        api?.Dispose();
    }

    [Test]
    public async Task Extending_a_cycle_asks_for_the_new_end_date_and_the_dashboard_shows_it_with_the_deadlines_moved()
    {
        var (tab, page) = await OpenDashboardAsync("extend");
        await using var _ = tab;
        var ends = await EndsAtAsync("extend");
        var later = ends.AddDays(7);
        await Expect(Window(page)).ToContainTextAsync($"– {Chinese(ends)}");

        await page.GetByRole(AriaRole.Button, new() { Name = "延长", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "延长考核周期" });
        await Expect(dialog).ToContainTextAsync($"周期目前于 {Chinese(ends)} 结束。延长后，所有未完成任务的截止时间随之顺延。");
        await Expect(dialog.GetByLabel("新的结束日期")).ToHaveValueAsync(Chinese(later));
        await tab.CheckAlsoAtAsync("1-extend-dialog", Screen.Phone);

        // 返回: nothing changes.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "返回" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        Assert.That(await EndsAtAsync("extend"), Is.EqualTo(ends));

        // 确认延长: the dashboard says to when and how many deadlines moved, and shows the new end.
        await page.GetByRole(AriaRole.Button, new() { Name = "延长", Exact = true }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认延长" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"已延长至 {Chinese(later)}，2 个任务的截止时间已顺延。" })).ToBeVisibleAsync();
        await Expect(Window(page)).ToContainTextAsync($"– {Chinese(later)}");
        await Expect(Heading(page, "extend")).ToContainTextAsync("进行中");
        await Expect(Dashboard.Figure(page, "待处理任务")).ToContainTextAsync("2");
        await tab.CheckAlsoAtAsync("2-extended", Screen.Phone);
        Assert.That(TimeZoneInfo.ConvertTime(await EndsAtAsync("extend"), Shanghai).Date, Is.EqualTo(TimeZoneInfo.ConvertTime(later, Shanghai).Date));
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task Closing_a_cycle_is_confirmed_and_the_dashboard_shows_it_closed_with_its_reviews_going_on()
    {
        var (tab, page) = await OpenDashboardAsync("close");
        await using var _ = tab;

        await page.GetByRole(AriaRole.Button, new() { Name = "关闭", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "关闭考核周期" });
        await Expect(dialog).ToContainTextAsync("关闭后不能再向周期添加人员；已开始的评估照常进行。");
        await tab.CheckAlsoAtAsync("1-close-dialog", Screen.Phone);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认关闭" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "周期已关闭：不能再添加人员，已开始的评估照常进行。" })).ToBeVisibleAsync();
        await Expect(Heading(page, "close")).ToContainTextAsync("已关闭");
        await Expect(Dashboard.Figure(page, "待处理任务")).ToContainTextAsync("2");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "延长", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "关闭", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "取消周期" })).ToBeVisibleAsync();
        await tab.CheckAlsoAtAsync("2-closed", Screen.Phone);
        Assert.That(await Host.OpenTasksAsync("E014"), Has.Count.EqualTo(1), "the self-review goes on");
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task Cancelling_a_cycle_is_confirmed_and_the_dashboard_shows_the_reviews_stopped_and_the_tasks_cancelled()
    {
        var (tab, page) = await OpenDashboardAsync("cancel");
        await using var _ = tab;

        await page.GetByRole(AriaRole.Button, new() { Name = "取消周期" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "取消考核周期" });
        await Expect(dialog).ToContainTextAsync("取消后，周期内所有进行中的评估和任务都将取消，且无法恢复。");
        await tab.CheckAlsoAtAsync("1-cancel-dialog", Screen.Phone);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认取消周期" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "周期已取消：2 个评估已停止，2 个待处理任务已取消。" })).ToBeVisibleAsync();
        await Expect(Heading(page, "cancel")).ToContainTextAsync("已取消");
        await Expect(Dashboard.Figure(page, "待处理任务")).ToContainTextAsync("0");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "管理周期" })).ToHaveCountAsync(0);
        await tab.CheckAlsoAtAsync("2-cancelled", Screen.Phone);
        Assert.That(await Host.OpenTasksAsync("E018"), Is.Empty, "the self-review is cancelled");

        // The list shows it cancelled.
        await page.GetByRole(AriaRole.Link, new() { Name = "返回考核周期" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link).Filter(new() { HasText = Id("cancel") })).ToContainTextAsync("已取消");
        await tab.CheckAsync("3-list");
        Assert.That(tab.Problems, Is.Empty);
    }

    private string Id(string command) => $"{command}-{Kind}";

    private async Task<(Tab Tab, IPage Page)> OpenDashboardAsync(string command)
    {
        var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync($"/cycles/{Uri.EscapeDataString(Id(command))}");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await Expect(Heading(page, command)).ToContainTextAsync("进行中");
        await Expect(Dashboard.Figure(page, "人数")).ToContainTextAsync("2");
        await Expect(Dashboard.Figure(page, "待处理任务")).ToContainTextAsync("2");
        return (tab, page);
    }

    private ILocator Heading(IPage page, string command) => page.GetByRole(AriaRole.Heading, new() { Level = 1 }).Filter(new() { HasText = Id(command) });

    private static ILocator Window(IPage page) => page.Locator(".cycle-sub");

    private async Task<DateTimeOffset> EndsAtAsync(string command)
    {
        var cycle = await api!.SendAsync(await api.TokenAsync(Hrbp), HttpMethod.Get, $"/api/cycles/{Uri.EscapeDataString(Id(command))}", null);
        return DateTimeOffset.Parse((string)(cycle!["cycle"] ?? cycle)["endsAt"]!, CultureInfo.InvariantCulture);
    }

    /// <summary>A moment's date in Shanghai (the tabs' time zone) as the pages write it in Chinese: 2026年12月2日.</summary>
    private static string Chinese(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Shanghai);
        return $"{local.Year}年{local.Month}月{local.Day}日";
    }
}
