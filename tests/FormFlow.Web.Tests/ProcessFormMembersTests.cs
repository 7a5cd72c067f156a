using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The process designer edits the step members that read the step's forms (issue 15), by clicks, selects and plain
/// inputs: 赵敏 (E004, HRBP) opens a copy of the shipped improvement plan whose plan reminds of no date and whose
/// check-ins come every month, has the plan remind of each goal's deadline, has the check-ins' period follow the plan's
/// 检查频率, and publishes it; the draft holds exactly the members she chose.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed class ProcessFormMembersTests(string kind) : PagesFixture(kind)
{
    [Test]
    public async Task An_HRBP_adds_a_date_reminder_and_takes_the_period_from_the_frequency_field_by_clicks_then_publishes()
    {
        var key = $"pip-copy-{Kind}";
        using (var api = new HostApi(Host.Address))
        {
            await api.SendAsync(await api.TokenAsync("E004"), HttpMethod.Put, $"/api/authoring/processes/{key}/draft", ImprovementPlanCopy(key));
        }

        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await ProcessDesigner.OpenListAsync(page);
        await page.GetByText(key, new() { Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "改进计划（副本）", Level = 1 })).ToBeVisibleAsync();
        var panel = ProcessDesigner.Panel(page);

        // The plan reminds the employee, the manager and the HRBP 5 days before each result goal's deadline, with the goal.
        var plan = ProcessDesigner.Card(page, "上级制定改进计划");
        await Expect(plan).Not.ToContainTextAsync("表单日期");
        await plan.ClickAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "添加日期提醒" }).ClickAsync();
        var rule = panel.GetByRole(AriaRole.Group, new() { Name = "日期提醒 1", Exact = true });
        await Controls.ChooseAsync(page, "日期提醒 1 · 日期字段", "结果目标 › 完成期限");
        await Controls.ChooseAsync(page, "日期提醒 1 · 提醒中一并显示", "结果目标 › 具体目标");
        await page.GetByLabel("日期提醒 1 · 提前多久提醒 · 数量", new() { Exact = true }).FillAsync("5");
        var to = rule.GetByRole(AriaRole.Group, new() { Name = "日期提醒 1 · 提醒谁" });
        await Expect(to.GetByRole(AriaRole.Checkbox, new() { Name = "员工本人" })).ToBeCheckedAsync();
        await Expect(to.GetByRole(AriaRole.Checkbox, new() { Name = "直属上级" })).ToBeCheckedAsync();
        await to.GetByRole(AriaRole.Checkbox, new() { Name = "HRBP" }).ClickAsync();
        await Expect(plan).ToContainTextAsync("表单日期前 5 天提醒员工本人、直属上级、HRBP");
        await rule.ScrollIntoViewIfNeededAsync();
        await tab.CheckAlsoAtAsync("date-reminder", Screen.Phone);
        await ProcessDesigner.CloseAsync(page);

        // The check-ins come as often as the plan's 检查频率 says: each option with its period, a month while it is empty.
        var checkIns = ProcessDesigner.Card(page, "定期进展");
        await Expect(checkIns).ToContainTextAsync("每 1 个月一次");
        await checkIns.ClickAsync();
        await panel.Locator(".ant-segmented").GetByText("按表单字段", new() { Exact = true }).ClickAsync();
        await Controls.ChooseAsync(page, "决定间隔的字段", "SMART 绩效改进计划（PIP） › 检查频率");
        await Expect(panel.GetByLabel("选「每月」时的间隔 · 数量", new() { Exact = true })).ToHaveValueAsync("1");
        await Expect(panel.GetByLabel("选「每两周」时的间隔 · 数量", new() { Exact = true })).ToHaveValueAsync("14");
        await Expect(panel.GetByRole(AriaRole.Checkbox, new() { Name = "字段未填时按此间隔" })).ToBeCheckedAsync();
        await Expect(checkIns).ToContainTextAsync("间隔按表单字段");
        await panel.Locator(".panel-members").Filter(new() { HasText = "决定间隔的字段" }).ScrollIntoViewIfNeededAsync();
        await tab.CheckAlsoAtAsync("period-from-field", Screen.Phone);
        await ProcessDesigner.CloseAsync(page);

        // Saved, with no lint error: exactly the members she chose, and publishing works.
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已保存" })).ToBeVisibleAsync();
        await Expect(page.Locator(".process-findings .finding-error")).ToHaveCountAsync(0);
        using (var api = new HostApi(Host.Address))
        {
            var draft = await api.SendAsync(await api.TokenAsync("E004"), HttpMethod.Get, $"/api/authoring/processes/{key}/draft", null);
            var steps = draft!["document"]!["steps"]!;
            var reminders = JsonNode.Parse("""[{ "field": "result_goals[].deadline", "text": "result_goals[].specific", "before": "P5D", "to": ["subject", "manager", "hrbp"] }]""");
            Assert.That(JsonNode.DeepEquals(steps["plan"]!["dateReminders"], reminders), Is.True, steps["plan"]!.ToJsonString());
            var every = JsonNode.Parse("""{ "field": "pip.checkpoint_frequency", "map": { "monthly": "P1M", "biweekly": "P14D" }, "default": "P1M" }""");
            Assert.That(JsonNode.DeepEquals(steps["follow-up"]!["every"], every), Is.True, steps["follow-up"]!.ToJsonString());
            Assert.That(steps["follow-up"]!["count"]!.GetValue<int>(), Is.EqualTo(3));
        }

        var publish = page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true });
        await Expect(publish).ToBeEnabledAsync();
        await publish.ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "发布为新版本？" }).GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已发布第 1 版" })).ToBeVisibleAsync();
        Assert.That(tab.Problems, Is.Empty);
    }

    /// <summary>The shipped improvement plan under another key, its plan reminding of no date and its check-ins monthly.</summary>
    private static JsonObject ImprovementPlanCopy(string key)
    {
        var copy = JsonNode.Parse(File.ReadAllText(Path.Combine(TextKeys.RepositoryFolder(), "samples", "processes", "performance-improvement.json")))!.AsObject();
        copy["key"] = key;
        copy["title"] = new JsonObject { ["zh-CN"] = "改进计划（副本）", ["en"] = "Improvement plan (copy)" };
        var steps = copy["steps"]!.AsObject();
        steps["plan"]!.AsObject().Remove("dateReminders");
        steps["follow-up"]!["every"] = "P1M";
        return copy;
    }
}
