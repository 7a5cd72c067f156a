using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The process designer edits the step members that read the step's forms (issue 15), by clicks, selects and plain
/// inputs: 赵敏 (E004, HRBP) opens a copy of the shipped improvement plan whose plan reminds of no date and whose
/// check-ins come every month, has the plan remind of each goal's deadline, has the check-ins' period follow the plan's
/// 检查频率, has the check-ins open on Mondays (weekly), has the manager follow up each check-in and be alerted of goals off
/// track, and publishes it; the draft holds exactly the members she chose.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed class ProcessFormMembersTests(string kind) : PagesFixture(kind)
{
    [Test]
    public async Task An_HRBP_adds_a_date_reminder_and_takes_the_period_from_the_frequency_field_by_clicks_then_publishes()
    {
        var key = $"pip-copy-{Kind}";
        await using var tab = await OpenDraftAsync(key, ImprovementPlanCopy(key));
        var page = tab.Page;
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
        var withDefault = panel.GetByRole(AriaRole.Checkbox, new() { Name = "设置默认间隔" });
        await Expect(withDefault).ToBeCheckedAsync();

        // Without a default, lint warns under the field that an empty 检查频率 would stop the step; with it, no more.
        var fieldItem = panel.Locator(".ant-form-item").Filter(new() { Has = page.GetByLabel("决定间隔的字段", new() { Exact = true }) });
        await withDefault.ClickAsync();
        await Expect(fieldItem.Locator(".ant-form-item-explain")).ToContainTextAsync("可以不填，又没有 default");
        await withDefault.ClickAsync();
        await Expect(fieldItem.Locator(".ant-form-item-explain")).ToHaveCountAsync(0);
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

    [Test]
    public async Task The_shipped_annual_review_shows_its_interview_invitation_and_the_plan_it_carries_into_the_next_period()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await ProcessDesigner.OpenListAsync(page);
        await page.GetByText("annual-review", new() { Exact = true }).ClickAsync();
        var panel = ProcessDesigner.Panel(page);

        // The manager's preparation books the interview at the time written in it, for an hour, with the employee.
        var prepare = ProcessDesigner.Card(page, "面谈准备（三三原则）");
        await Expect(prepare).ToContainTextAsync("表单日期前 1 天提醒直属上级");
        await prepare.ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Switch, new() { Name = "按表单中的时间发出面谈邀请" })).ToBeCheckedAsync();
        await Expect(Shown(panel, "面谈时间字段")).ToContainTextAsync("面谈时间");
        await Expect(Shown(panel, "地点字段")).ToContainTextAsync("面谈地点");
        await Expect(Shown(panel, "议程字段")).ToContainTextAsync("面谈议程");
        await Expect(panel.GetByLabel("面谈时长 · 数量", new() { Exact = true })).ToHaveValueAsync("1");
        var invited = panel.GetByRole(AriaRole.Group, new() { Name = "邀请谁参加", Exact = true });
        await Expect(invited.GetByRole(AriaRole.Checkbox, new() { Name = "员工本人" })).ToBeCheckedAsync();
        await Expect(invited.GetByRole(AriaRole.Checkbox, new() { Name = "直属上级" })).ToBeCheckedAsync();
        await Expect(invited.GetByRole(AriaRole.Checkbox, new() { Name = "HRBP" })).Not.ToBeCheckedAsync();
        await panel.Locator(".panel-members").Filter(new() { HasText = "面谈邀请" }).ScrollIntoViewIfNeededAsync();
        await tab.CheckAlsoAtAsync("meeting", Screen.Phone);
        await ProcessDesigner.CloseAsync(page);

        // The end starts the next period's goal setting with the development plan agreed in this one.
        var nextPeriod = ProcessDesigner.Card(page, "启动下一周期目标设定");
        await nextPeriod.ClickAsync();
        await Expect(Shown(panel, "带入 1 · 本流程的表单")).ToContainTextAsync("idp（个人发展计划（IDP））");
        await Expect(Shown(panel, "带入 1 · 带入「下一周期目标与发展计划」的表单")).ToContainTextAsync("idp（个人发展计划（IDP））");
        await tab.CheckAlsoAtAsync("carry", Screen.Phone);
        await ProcessDesigner.CloseAsync(page);
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task An_HRBP_has_the_check_ins_open_on_Mondays_followed_up_by_the_manager_who_is_alerted_of_goals_off_track_by_clicks_then_publishes()
    {
        var key = $"pip-alerts-{Kind}";
        var copy = ImprovementPlanCopy(key);
        copy["steps"]!["follow-up"]!.AsObject().Remove("alerts");
        await using var tab = await OpenDraftAsync(key, copy);
        var page = tab.Page;
        var panel = ProcessDesigner.Panel(page);

        // The check-ins are followed up by the manager; switched off, nobody follows up; switched on again, she chooses
        // the manager and the section he writes.
        var checkIns = ProcessDesigner.Card(page, "定期进展");
        await Expect(checkIns).ToContainTextAsync("直属上级跟进");
        await Expect(checkIns).Not.ToContainTextAsync("标为");
        await checkIns.ClickAsync();
        var followUp = panel.GetByRole(AriaRole.Switch, new() { Name = "每期交上后由专人跟进" });
        await Expect(followUp).ToBeCheckedAsync();
        await followUp.ClickAsync();
        await Expect(panel.GetByLabel("跟进人", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(checkIns).Not.ToContainTextAsync("跟进");
        await followUp.ClickAsync();
        await Controls.ChooseAsync(page, "跟进人", "直属上级", panel);
        var written = panel.GetByRole(AriaRole.Group, new() { Name = "跟进人填写的部分", Exact = true });
        await Expect(written.GetByRole(AriaRole.Checkbox, new() { Name = "主管反馈" })).Not.ToBeCheckedAsync();

        // The manager writing the employee's own progress would overwrite it: lint says so under the boxes.
        var writtenItem = panel.Locator(".ant-form-item").Filter(new() { Has = page.GetByRole(AriaRole.Group, new() { Name = "跟进人填写的部分", Exact = true }) });
        await written.GetByRole(AriaRole.Checkbox, new() { Name = "本月进展" }).ClickAsync();
        await Expect(writtenItem.Locator(".ant-form-item-explain")).ToContainTextAsync("跟进人会改写处理人交上的内容");
        await written.GetByRole(AriaRole.Checkbox, new() { Name = "本月进展" }).ClickAsync();
        await written.GetByRole(AriaRole.Checkbox, new() { Name = "主管反馈" }).ClickAsync();
        await Expect(writtenItem.Locator(".ant-form-item-explain")).ToHaveCountAsync(0);
        await Expect(checkIns).ToContainTextAsync("直属上级跟进");
        await panel.Locator(".panel-members").Filter(new() { HasText = "每期交上后由专人跟进" }).ScrollIntoViewIfNeededAsync();
        await tab.CheckAlsoAtAsync("follow-up", Screen.Phone);

        // The check-ins open on Mondays: a weekday needs whole weeks, so lint objects to the monthly period under the
        // day until she repeats them weekly with the button beside it.
        await Controls.ChooseAsync(page, "开始于", "周一", panel);
        var startOnItem = panel.Locator(".start-on");
        await Expect(startOnItem).ToContainTextAsync("09:00（北京时间）");
        await Expect(startOnItem.Locator(".ant-form-item-explain")).ToContainTextAsync("间隔须是整周");
        await startOnItem.ScrollIntoViewIfNeededAsync();
        await tab.CheckAlsoAtAsync("start-on-not-weeks", Screen.Phone);
        await startOnItem.GetByRole(AriaRole.Button, new() { Name = "改为每周一次" }).ClickAsync();
        await Expect(startOnItem.Locator(".ant-form-item-explain")).ToHaveCountAsync(0);
        await Expect(checkIns).ToContainTextAsync("每 1 周一次，共 3 次，从周一开始");

        // A goal marked 已偏离 alerts the manager at once, with the goal and the support he committed to in the plan.
        await panel.GetByRole(AriaRole.Button, new() { Name = "添加偏离提醒" }).ClickAsync();
        var alert = panel.GetByRole(AriaRole.Group, new() { Name = "偏离提醒 1", Exact = true });
        await Controls.ChooseAsync(page, "偏离提醒 1 · 状态字段", "目标进展 › 状态", panel);
        var values = alert.GetByRole(AriaRole.Group, new() { Name = "偏离提醒 1 · 哪些状态时提醒" });
        await Expect(values.GetByRole(AriaRole.Checkbox)).ToHaveCountAsync(3);
        await values.GetByRole(AriaRole.Checkbox, new() { Name = "已偏离" }).ClickAsync();
        await Expect(Shown(panel, "偏离提醒 1 · 提醒中列出的内容")).ToContainTextAsync("目标进展 › 目标");
        var to = alert.GetByRole(AriaRole.Group, new() { Name = "偏离提醒 1 · 提醒谁" });
        await Expect(to.GetByRole(AriaRole.Checkbox, new() { Name = "直属上级" })).ToBeCheckedAsync();
        await Expect(to.GetByRole(AriaRole.Checkbox, new() { Name = "员工本人" })).Not.ToBeCheckedAsync();
        await Controls.ChooseAsync(page, "偏离提醒 1 · 一并列出的支持行动", "SMART 绩效改进计划（PIP） › 资源与支持（主管承诺） › 具体承诺", panel);
        await Expect(checkIns).ToContainTextAsync("标为已偏离时提醒直属上级");
        await alert.ScrollIntoViewIfNeededAsync();
        await tab.CheckAlsoAtAsync("alerts", Screen.Phone);
        await ProcessDesigner.CloseAsync(page);

        // Saved, with no lint error: exactly the members she chose, and publishing works.
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已保存" })).ToBeVisibleAsync();
        await Expect(page.Locator(".process-findings .finding-error")).ToHaveCountAsync(0);
        using (var api = new HostApi(Host.Address))
        {
            var draft = await api.SendAsync(await api.TokenAsync("E004"), HttpMethod.Get, $"/api/authoring/processes/{key}/draft", null);
            var step = draft!["document"]!["steps"]!["follow-up"]!.AsObject();
            Assert.That(step["reviewer"]!.GetValue<string>(), Is.EqualTo("manager"));
            Assert.That(step["startOn"]!.GetValue<string>(), Is.EqualTo("monday"));
            Assert.That(step["every"]!.GetValue<string>(), Is.EqualTo("P1W"));
            Assert.That(JsonNode.DeepEquals(step["reviewerWrite"], JsonNode.Parse("""["manager"]""")), Is.True, step.ToJsonString());
            Assert.That(step.ContainsKey("reviewerRead"), Is.False, step.ToJsonString());
            var alerts = JsonNode.Parse("""[{ "field": "goals[].status", "is": ["off-track"], "text": "goals[].goal", "to": ["manager"], "support": "pip.manager_support[].commitment" }]""");
            Assert.That(JsonNode.DeepEquals(step["alerts"], alerts), Is.True, step.ToJsonString());
        }

        var publish = page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true });
        await Expect(publish).ToBeEnabledAsync();
        await publish.ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "发布为新版本？" }).GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已发布第 1 版" })).ToBeVisibleAsync();
        Assert.That(tab.Problems, Is.Empty);
    }

    /// <summary>What a select labelled so shows chosen.</summary>
    // 赵敏 (the HRBP) puts the draft through the API and opens it in the designer on a laptop.
    private async Task<Tab> OpenDraftAsync(string key, JsonObject draft)
    {
        using (var api = new HostApi(Host.Address))
        {
            await api.SendAsync(await api.TokenAsync("E004"), HttpMethod.Put, $"/api/authoring/processes/{key}/draft", draft);
        }

        var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await ProcessDesigner.OpenListAsync(page);
        await page.GetByText(key, new() { Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "改进计划（副本）", Level = 1 })).ToBeVisibleAsync();
        return tab;
    }

    private static ILocator Shown(ILocator panel, string label) =>
        panel.Locator(".ant-select").Filter(new() { Has = panel.Page.GetByLabel(label, new() { Exact = true }) });

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
