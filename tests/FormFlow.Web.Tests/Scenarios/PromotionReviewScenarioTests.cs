using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// Issue 14's third acceptance scenario, over SQLite and the real PostgreSQL: the promotion review (晋升评审) that the
/// form and process designers produce — published here through the authoring API — runs for two people of Platform
/// Engineering (D210) down both branches of its decision, everything people do done in the browser. The HRBP 赵敏 (E004)
/// launches it with the wizard for 曹阳 (E027) and 邓超 (E028), both managed by 郑浩 (E022). 曹阳, on a phone, defers
/// without a reason and reads the template's rule at the reason field; 郑浩 returns it once with a comment; 曹阳 revises;
/// 郑浩 approves, so the HRBP confirms it. 邓超 recommends the promotion; 郑浩 approves, so the department head 吴静 (E021)
/// approves it. Each employee and 郑浩 confirm the result (a confirmation has two parties), and the cycle's dashboard
/// shows both done and nothing open.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed class PromotionReviewScenarioTests(string kind) : PagesFixture(kind)
{
    private const string Hrbp = "E004";

    [OneTimeSetUp]
    public async Task PublishAsync()
    {
        using var api = new HostApi(Host.Address);
        await PromotionReview.PublishAsync(api, Hrbp);
    }

    [Test]
    public async Task A_promotion_review_launched_for_two_people_finishes_down_the_HRBP_branch_after_a_return_and_down_the_department_head_branch_and_the_dashboard_shows_both_done()
    {
        // 1. The HRBP launches the promotion review for two people she picks by name.
        await using var hrbpTab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var hrbp = hrbpTab.Page;
        await hrbp.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(hrbp, "赵敏");
        await LaunchWizard.OpenAsync(hrbp);
        var name = $"平台研发部 晋升评审 ({Kind})";
        await LaunchWizard.ChooseProcessAsync(hrbp, PromotionReview.TitleZh, name);
        await LaunchWizard.NextAsync(hrbp);
        await hrbp.GetByText("指定人员", new() { Exact = true }).ClickAsync();
        await PickPersonAsync(hrbp, "曹阳");
        await PickPersonAsync(hrbp, "邓超");
        await Expect(LaunchWizard.LiveCount(hrbp)).ToHaveTextAsync("2");
        await Expect(LaunchWizard.Findings(hrbp)).ToHaveCountAsync(0);
        await hrbpTab.CheckAsync("01-hrbp-wizard-people");
        await LaunchWizard.NextAsync(hrbp);
        await LaunchWizard.NextAsync(hrbp);
        await Expect(hrbp.Locator(".launch-summary")).ToContainTextAsync(PromotionReview.TitleZh);
        await LaunchWizard.LaunchAsync(hrbp, 2);
        await Expect(hrbp.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await ExpectFiguresAsync(hrbp, completed: 0, open: 2);
        await hrbpTab.CheckAlsoAtAsync("02-hrbp-dashboard-launched", Screen.Phone);

        // 2. 曹阳, on a phone: defers without a reason; the rule's message is at the reason field, the rest kept.
        await using var phoneA = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var a = phoneA.Page;
        await a.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(a, "曹阳");
        await Reviewing.TaskLink(a, PromotionReview.RecommendZh).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Heading, new() { Name = PromotionReview.RecommendZh, Level = 1 })).ToBeVisibleAsync();
        await Expect(a.GetByLabel("主管意见")).ToHaveCountAsync(0);
        await a.GetByRole(AriaRole.Radio, new() { Name = "暂缓晋升" }).CheckAsync();
        await RateAsync(a, 4, 3, 4);
        await phoneA.CheckAsync("03-employee-filled");
        await Submit(a).ClickAsync();
        await Expect(SignIn.Field(a, "理由").Locator(".ant-form-item-explain")).ToContainTextAsync(PromotionReview.ReasonRuleZh);
        await Expect(a.GetByRole(AriaRole.Radio, new() { Name = "暂缓晋升" })).ToBeCheckedAsync();
        await phoneA.CheckAsync("04-employee-rule-at-reason");
        await a.GetByLabel("理由", new() { Exact = true }).FillAsync("新项目刚启动");
        await Submit(a).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        // 3. 郑浩 reads it with the average the server computed, and returns it with a comment on the reason.
        await using var managerTab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var manager = managerTab.Page;
        await manager.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(manager, "郑浩");
        await OpenAsync(manager, PromotionReview.RecommendZh, "曹阳");
        await Expect(manager.GetByLabel("理由", new() { Exact = true })).ToHaveValueAsync("新项目刚启动");
        await Expect(manager.GetByLabel("平均分", new() { Exact = true })).ToHaveValueAsync("3.7");
        await Reviewing.CommentOnFieldAsync(manager, "理由", "请写明暂缓到什么时候、还差什么");
        await managerTab.CheckAlsoAtAsync("05-manager-review", Screen.Phone);
        await Reviewing.ReturnAsync(manager, "请写明暂缓到什么时候、还差什么", "理由不够具体");

        // 4. 曹阳 reads the reason and the comment, revises, resubmits.
        await a.GotoAsync("/tasks");
        await Reviewing.TaskLink(a, PromotionReview.RecommendZh).ClickAsync();
        var returns = a.GetByRole(AriaRole.Region, new() { Name = "已被退回，请修改后重新提交" });
        await Expect(returns).ToContainTextAsync("退回原因：理由不够具体");
        await Expect(a.GetByRole(AriaRole.List, new() { Name = "对「理由」的意见" })).ToContainTextAsync("请写明暂缓到什么时候、还差什么");
        await phoneA.CheckAsync("06-employee-returned");
        await a.GetByLabel("理由", new() { Exact = true }).FillAsync("新项目刚启动，建议明年第二季度项目上线后再评");
        await Submit(a).ClickAsync();
        await Expect(a.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        // 5. 郑浩 approves with his comment: not a promotion, so it goes to the HRBP, who confirms it.
        await manager.GotoAsync("/tasks");
        await OpenAsync(manager, PromotionReview.RecommendZh, "曹阳");
        await Expect(manager.GetByLabel("理由", new() { Exact = true })).ToHaveValueAsync("新项目刚启动，建议明年第二季度项目上线后再评");
        await manager.GetByLabel("主管意见", new() { Exact = true }).FillAsync("同意暂缓");
        await Reviewing.ApproveAsync(manager, "曹阳", PromotionReview.RecommendZh);
        await hrbp.GotoAsync("/tasks");
        await Expect(Reviewing.TaskLink(hrbp, PromotionReview.HeadApprovalZh)).ToHaveCountAsync(0);
        await OpenAsync(hrbp, PromotionReview.HrbpConfirmationZh, "曹阳");
        await Expect(hrbp.GetByLabel("主管意见", new() { Exact = true })).ToHaveValueAsync("同意暂缓");
        await hrbpTab.CheckAlsoAtAsync("07-hrbp-confirms", Screen.Phone);
        await Reviewing.ApproveAsync(hrbp, "曹阳", PromotionReview.HrbpConfirmationZh);

        // 6. 曹阳 and 郑浩 confirm the result.
        await ConfirmAsync(phoneA, "曹阳", "08-employee-confirms", own: true);
        await ConfirmAsync(managerTab, "曹阳");
        await a.GotoAsync("/tasks");
        await Expect(a.Locator("#tab-open")).ToHaveTextAsync("待办 0");
        Assert.That(await Host.OpenTasksAsync("E027"), Is.Empty, "曹阳's review is finished");

        // 7. 邓超 recommends the promotion (no reason needed); 郑浩 approves; the department head approves it.
        await using var phoneB = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var b = phoneB.Page;
        await b.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(b, "邓超");
        await Reviewing.TaskLink(b, PromotionReview.RecommendZh).ClickAsync();
        await b.GetByRole(AriaRole.Radio, new() { Name = "推荐晋升" }).CheckAsync();
        await RateAsync(b, 5, 5, 4);
        await Submit(b).ClickAsync();
        await Expect(b.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();
        await phoneB.CheckAsync("09-second-employee-submitted");

        await manager.GotoAsync("/tasks");
        await OpenAsync(manager, PromotionReview.RecommendZh, "邓超");
        await Expect(manager.GetByLabel("平均分", new() { Exact = true })).ToHaveValueAsync("4.7");
        await manager.GetByLabel("主管意见", new() { Exact = true }).FillAsync("同意推荐");
        await Reviewing.ApproveAsync(manager, "邓超", PromotionReview.RecommendZh);

        await using var headTab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var head = headTab.Page;
        await head.GotoAsync("/tasks");
        await SignIn.AsDemoPersonAsync(head, "吴静");
        await OpenAsync(head, PromotionReview.HeadApprovalZh, "邓超");
        await Expect(head.GetByRole(AriaRole.Radio, new() { Name = "推荐晋升" })).ToBeCheckedAsync();
        await headTab.CheckAlsoAtAsync("10-head-approves", Screen.Desktop);
        await Reviewing.ApproveAsync(head, "邓超", PromotionReview.HeadApprovalZh);
        await hrbp.GotoAsync("/tasks");
        await Expect(Reviewing.TaskLink(hrbp, PromotionReview.HrbpConfirmationZh, "邓超")).ToHaveCountAsync(0);

        await ConfirmAsync(phoneB, "邓超", "11-second-employee-confirms", own: true);
        await ConfirmAsync(managerTab, "邓超");
        Assert.That(await Host.OpenTasksAsync("E028"), Is.Empty, "邓超's review is finished");

        // 8. The dashboard: both done, nothing open.
        await hrbp.GotoAsync("/");
        await MainNavigation.Link(hrbp, "考核周期").ClickAsync();
        await hrbp.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await ExpectFiguresAsync(hrbp, completed: 2, open: 0);
        await hrbpTab.CheckAlsoAtAsync("12-hrbp-dashboard-done", Screen.Phone);

        Assert.That(hrbpTab.Problems.Concat(phoneA.Problems).Concat(managerTab.Problems).Concat(phoneB.Problems).Concat(headTab.Problems), Is.Empty);
    }

    // The wizard's people select, searched by name as a person types it; the chosen one shows as a tag.
    private static async Task PickPersonAsync(IPage page, string person)
    {
        var select = page.GetByLabel("人员", new() { Exact = true });
        await select.ClickAsync();
        await select.FillAsync(person);
        await page.Locator(".ant-select-item-option").Filter(new() { HasText = person }).First.ClickAsync();
        await Expect(page.Locator(".ant-select-selection-item").Filter(new() { HasText = person })).ToBeVisibleAsync();
        await select.PressAsync("Escape");
        await Expect(select).ToHaveAttributeAsync("aria-expanded", "false");
    }

    private static ILocator Submit(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "提交" });

    private static async Task RateAsync(IPage page, int performance, int capability, int culture)
    {
        await Controls.SetRatingAsync(SignIn.Field(page, "业绩"), performance);
        await Controls.SetRatingAsync(SignIn.Field(page, "能力"), capability);
        await Controls.SetRatingAsync(SignIn.Field(page, "价值观"), culture);
    }

    // A task from the list, by its step and the person it is about.
    private static async Task OpenAsync(IPage page, string step, string person)
    {
        await Reviewing.TaskLink(page, step, person).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = step, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText($"{PromotionReview.TitleZh} · {person}")).ToBeVisibleAsync();
    }

    // The result confirmed in its dialog, by the employee (whose own tasks do not name him) or the manager.
    private static async Task ConfirmAsync(Tab tab, string person, string? screenshot = null, bool own = false)
    {
        var page = tab.Page;
        await page.GotoAsync("/tasks");
        await Reviewing.TaskLink(page, PromotionReview.ConfirmZh, own ? null : person).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = PromotionReview.ConfirmZh, Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"确认 {person} 的「{PromotionReview.ConfirmZh}」内容无误？");
        if (screenshot is not null)
        {
            await tab.CheckAsync(screenshot);
        }

        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已确认" })).ToBeVisibleAsync();
    }

    private static async Task ExpectFiguresAsync(IPage page, int completed, int open)
    {
        await Expect(Dashboard.Figure(page, "完成率")).ToContainTextAsync(completed == 2 ? "100%" : "0%");
        await Expect(Dashboard.Figure(page, "人数")).ToContainTextAsync("2");
        await Expect(Dashboard.Figure(page, "人数")).ToContainTextAsync($"已完成 {completed} 人");
        await Expect(Dashboard.Figure(page, "待处理任务")).ToContainTextAsync($"{open}");
        await Expect(Dashboard.Figure(page, "逾期任务")).ToContainTextAsync("0");
    }
}
