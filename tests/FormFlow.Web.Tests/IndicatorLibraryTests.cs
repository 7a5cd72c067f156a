using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The indicator library over SQLite and the real PostgreSQL: 赵敏 (E004, HRBP) adds an indicator in the 指标库 page
/// with its form and publishes it; 张伟 (E011) opens the KPI setting of 李娜 (E012, product manager, P5), whose empty
/// list opens the library's drawer with the three best matches ticked, adds them, changes a target and submits.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed class IndicatorLibraryTests(string kind) : PagesFixture(kind)
{
    [Test]
    public async Task An_hrbp_adds_an_indicator_in_the_library_page_and_publishes_it()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");

        await MainNavigation.Link(page, "指标库").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "指标库", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "签约金额" })).ToBeVisibleAsync();
        await Controls.ChooseAsync(page, "岗位类别", "产品经理");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "签约金额" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "需求交付准时率" })).ToBeVisibleAsync();
        await tab.CheckAlsoAtAsync("library", Screen.Phone);

        await page.GetByRole(AriaRole.Button, new() { Name = "新建指标" }).ClickAsync();
        var create = page.GetByRole(AriaRole.Dialog, new() { Name = "新建指标" });
        await create.GetByLabel("指标标识").FillAsync("code-review-speed");
        await create.GetByLabel("中文名称").FillAsync("代码评审及时率");
        await create.GetByLabel("英文名称").FillAsync("Timely code reviews");
        await create.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();

        // The editor: a form, the findings of what is still missing, then publishing.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "代码评审及时率", Level = 1 })).ToBeVisibleAsync();
        await Expect(SignIn.Field(page, "默认目标值")).ToContainTextAsync("缺少目标值");
        await page.GetByLabel("定义与计算口径（中文）").FillAsync("24 小时内完成的代码评审 ÷ 全部代码评审 × 100%");
        await page.GetByLabel("定义与计算口径（英文）").FillAsync("Reviews done within 24 hours ÷ all reviews × 100%");
        await page.GetByLabel("单位", new() { Exact = true }).FillAsync("%");
        await page.GetByLabel("数据来源").FillAsync("代码托管平台");
        await Controls.ChooseAsync(page, "更新频率", "每周");
        await page.GetByLabel("默认目标值").FillAsync("90");
        await page.GetByLabel("默认预警阈值").FillAsync("95");
        await Expect(SignIn.Field(page, "默认预警阈值")).ToContainTextAsync("应比目标值 90 差");
        await page.GetByLabel("默认预警阈值").FillAsync("75");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加分级" }).ClickAsync();
        await page.GetByLabel("目标值", new() { Exact = true }).FillAsync("95");
        await page.GetByLabel("预警阈值", new() { Exact = true }).FillAsync("85");
        var levels = page.Locator("#indicator-grade-0-levels");
        await levels.ClickAsync();
        await levels.FillAsync("P7");
        await levels.PressAsync("Enter");
        await levels.PressAsync("Escape");
        await Expect(page.GetByText("已保存")).ToBeVisibleAsync();

        var publish = page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true });
        await Expect(publish).ToBeEnabledAsync();
        await tab.CheckAlsoAtAsync("editor", Screen.Phone);
        await publish.ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "发布为新版本？" }).GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已发布第 1 版" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "返回指标库" }).ClickAsync();
        await page.GetByLabel("搜索名称或定义").FillAsync("评审");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "代码评审及时率" });
        await Expect(row).ToContainTextAsync("90 / 75");
        await Expect(row).ToContainTextAsync("1 个分级");
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task A_manager_starts_a_kpi_setting_from_the_library_changes_a_target_and_submits()
    {
        using var api = new HostApi(Host.Address);
        var hrbp = await api.TokenAsync("E004");
        var starts = Host.Clock.GetUtcNow();
        var cycle = "kpi-" + Kind;
        await api.SendAsync(hrbp, HttpMethod.Post, "/api/cycles", new JsonObject
        {
            ["cycleId"] = cycle,
            ["name"] = "2026 Q2 KPI",
            ["processKey"] = "kpi-quarterly",
            ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = starts.AddDays(90).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["personIds"] = new JsonArray("E012") },
        });
        var task = await api.OnlyOpenTaskAsync(await api.TokenAsync("E011"));

        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync($"/tasks/{task}");
        await SignIn.AsDemoPersonAsync(page, "张伟");

        // The list is empty: the drawer opens by itself, the three best matches for a P5 product manager ticked.
        var drawer = page.GetByRole(AriaRole.Dialog, new() { Name = "从指标库选择指标" });
        await Expect(drawer).ToBeVisibleAsync();
        var proposals = drawer.GetByRole(AriaRole.List, new() { Name = "推荐的指标" });
        await Expect(proposals.GetByRole(AriaRole.Checkbox, new() { Checked = true })).ToHaveCountAsync(3);
        await Expect(drawer).ToContainTextAsync("产品经理");
        await Expect(drawer).ToContainTextAsync("已选 3 项，最多还可添加 5 项");
        await tab.CheckAlsoAtAsync("drawer", Screen.Phone);
        await drawer.GetByRole(AriaRole.Button, new() { Name = "添加 3 项" }).ClickAsync();
        await Expect(drawer).ToBeHiddenAsync();

        // The items are filled from the library; the manager raises one target and sets the rest of the form.
        await Expect(page.GetByLabel("指标名称", new() { Exact = true })).ToHaveCountAsync(3);
        await Expect(page.GetByLabel("指标名称", new() { Exact = true }).First).ToHaveValueAsync("功能使用率");
        await Expect(page.GetByLabel("目标值", new() { Exact = true }).First).ToHaveValueAsync("40");
        await page.GetByLabel("目标值", new() { Exact = true }).First.FillAsync("45");
        await page.GetByLabel("考核周期", new() { Exact = true }).FillAsync("2026-Q2");
        await page.GetByRole(AriaRole.Radio, new() { Name = "产品经理" }).CheckAsync();
        await Controls.FillEachAsync(page, "权重（%）", "40", "30", "30");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "从指标库选择" })).ToBeVisibleAsync();
        await tab.CheckAlsoAtAsync("filled", Screen.Phone);

        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        // 李娜 reads what was handed in: the library's keys, and the target as changed.
        var employee = await api.TokenAsync("E012");
        var respond = (await api.SendAsync(employee, HttpMethod.Get, $"/api/tasks/{await api.OnlyOpenTaskAsync(employee)}", null))!;
        var kpis = respond["data"]!["kpis"]!.AsArray();
        Assert.That(kpis.Select(k => ((string?)k!["indicator"], (double)k["target"]!)), Is.EqualTo(new[] { ("feature-usage", 45d), ("feedback-adopted", 10d), ("on-time-delivery", 90d) }));
        Assert.That(tab.Problems, Is.Empty);
    }
}
