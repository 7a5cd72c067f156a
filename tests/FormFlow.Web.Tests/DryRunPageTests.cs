using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The dry run of a published process (试运行, <c>/design/processes/annual-review/dry-run</c>) over SQLite and the real
/// PostgreSQL: 赵敏 (E004), HRBP of 研发中心, runs the shipped annual review for 平台研发部 (D210, 8 people) from the page
/// and reads each person's schedule in her time zone (Asia/Shanghai, the browser's), with the reminders and the
/// escalations that would go out; the chart of the process shows its steps and what lint finds on them. 吴静 (E021),
/// head of D210, is offered her department only, and a dry run for another department is refused with the reason.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed class DryRunPageTests(string kind) : PagesFixture(kind)
{
    private const string Address = "/design/processes/annual-review/dry-run";

    [Test]
    public async Task The_HRBP_dry_runs_the_annual_review_for_a_department_and_reads_each_persons_schedule_in_her_time_zone()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        // Today is 1 December 2026 in Shanghai: the dry run starts then by default.
        await page.Clock.SetFixedTimeAsync(new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc));
        await page.GotoAsync(Address);
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "试运行：年度绩效评估", Level = 1 })).ToBeVisibleAsync();

        // 流程图: a card per step, named by its Kind, title and who acts; the branches with their conditions.
        var chart = page.Locator(".process-graph");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "流程图", Level = 2 })).ToBeVisibleAsync();
        var selfReview = chart.GetByRole(AriaRole.Group, new() { Name = "填写：员工自评，由员工本人处理" });
        await Expect(selfReview).ToBeVisibleAsync();
        await Expect(chart.GetByRole(AriaRole.Group, new() { Name = "填写并审阅：绩效面谈记录，由员工本人 → 上级处理" })).ToBeVisibleAsync();
        await Expect(chart.GetByRole(AriaRole.Group, new() { Name = "审批：跨级领导审批极端评级，由跨级上级处理" })).ToBeVisibleAsync();
        await Expect(chart.GetByRole(AriaRole.Group, new() { Name = "填写：员工有异议，HRBP 裁定，由HRBP处理" })).ToBeVisibleAsync();
        await Expect(chart.GetByRole(AriaRole.Group, new() { Name = "团队群公告：团队群表彰" })).ToBeVisibleAsync();
        await Expect(chart.Locator(".react-flow__node")).ToHaveCountAsync(19);
        await Expect(chart.GetByText("其他情况").First).ToBeVisibleAsync();
        await Expect(chart.GetByRole(AriaRole.Button, new() { Name = "放大" })).ToBeVisibleAsync();

        // Lint as it finds the process today, on the steps: those who report to the CEO have no skip-level manager.
        await Expect(chart.GetByRole(AriaRole.Group, new() { Name = "审批：跨级领导审批极端评级，由跨级上级处理，有 1 个问题" })).ToBeVisibleAsync();
        await Expect(page.Locator(".dryrun-findings")).ToContainTextAsync("process.unresolved-assignee");

        // 试运行 for 平台研发部, from today, looking a year ahead.
        await page.GetByLabel("部门", new() { Exact = true }).ClickAsync();
        await page.Locator(".ant-select-item-option").Filter(new() { HasText = "平台研发部" }).ClickAsync();
        await Expect(page.GetByLabel("开始日期")).ToHaveValueAsync("2026年12月1日");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始试运行" }).ClickAsync();

        // The outcome on top: the eight people each run to the end of the year looked at, none stuck.
        var counts = page.Locator(".dryrun-counts");
        await Expect(counts).ToBeVisibleAsync();
        await Expect(counts.Locator(".outcome-stuck")).ToContainTextAsync("0卡住");
        await Expect(page.Locator(".dryrun-people > .ant-collapse-item")).ToHaveCountAsync(8);

        // 蒋涛's schedule: his self-review, due 14 days after the start (midnight in Shanghai, not UTC), the reminder two
        // days before, and what would go out if it were still open then: he is told, his manager 郑浩 copied.
        var person = page.Locator(".dryrun-people > .ant-collapse-item").Filter(new() { Has = page.Locator(".dryrun-person-head", new() { HasText = "蒋涛" }) });
        var header = person.Locator(".ant-collapse-header");
        if (await header.GetAttributeAsync("aria-expanded") != "true")
        {
            await header.ClickAsync();
        }

        var events = person.Locator(".dryrun-event");
        await Expect(events.First).ToContainTextAsync("2026年12月1日 0:00");
        await Expect(events.First).ToContainTextAsync("蒋涛 收到任务「员工自评」，2026年12月15日 0:00 截止");
        await Expect(events.Filter(new() { HasText = "提醒" }).First).ToContainTextAsync("提醒 蒋涛：「员工自评」将于 2026年12月15日 0:00 截止");
        await Expect(events.Filter(new() { HasText = "提醒" }).First.Locator("time")).ToHaveTextAsync("2026年12月13日 0:00");
        await Expect(events.Filter(new() { HasText = "如果仍未完成" }).First).ToContainTextAsync("如果仍未完成：告知 蒋涛「员工自评」已逾期，并抄送上级 郑浩");
        await Expect(person).Not.ToContainTextAsync("UTC");

        // Choosing a step on the chart marks its events in the schedules: with a click, or from the keyboard.
        await selfReview.ClickAsync();
        await Expect(person.Locator(".dryrun-event.is-highlighted").First).ToContainTextAsync("员工自评");
        await chart.GetByRole(AriaRole.Group, new() { Name = "审批：上级确认发展计划" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(person.Locator(".dryrun-event.is-highlighted").First).ToContainTextAsync("上级确认发展计划");
        await Expect(person.Locator(".dryrun-event.is-highlighted").Filter(new() { HasText = "员工自评" })).ToHaveCountAsync(0);
        await tab.CheckAlsoAtAsync("schedules", Screen.Phone);
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task The_head_of_a_department_is_offered_only_her_departments_and_is_shown_the_refusal_for_another()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync(Address);
        await SignIn.AsDemoPersonAsync(page, "吴静");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "试运行：年度绩效评估", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("部门", new() { Exact = true }).ClickAsync();
        var options = page.Locator(".ant-select-item-option");
        await Expect(options.Filter(new() { HasText = "平台研发部" })).ToHaveCountAsync(1);
        await Expect(options).ToHaveCountAsync(1);
        await Expect(page.GetByText("只列出你可以发起的部门")).ToBeVisibleAsync();
        await options.ClickAsync();

        // The same dry run sent for Sales (as if the choice had been tampered with): refused, naming the department.
        await page.RouteAsync("**/api/processes/dry-run", async route =>
        {
            var body = System.Text.Json.Nodes.JsonNode.Parse(route.Request.PostData!)!;
            body["population"]!["departmentId"] = "D300";
            await route.ContinueAsync(new() { PostData = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()) });
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "开始试运行" }).ClickAsync();
        var refusal = page.Locator(".dryrun-panel").GetByRole(AriaRole.Alert);
        await Expect(refusal).ToContainTextAsync("市场销售部（D300）");
        await Expect(refusal).ToContainTextAsync("不在您担任 HRBP 或负责的部门之内");
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.Wait });

        await page.GetByRole(AriaRole.Button, new() { Name = "开始试运行" }).ClickAsync();
        await Expect(page.Locator(".dryrun-people > .ant-collapse-item")).ToHaveCountAsync(8);
        await Expect(refusal).ToHaveCountAsync(0);
        await tab.CheckAlsoAtAsync("head", Screen.Phone);
        Assert.That(tab.Problems, Is.Empty);
    }
}
