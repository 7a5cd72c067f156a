using System.Text.RegularExpressions;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// A review cycle from end to end in the browser, over SQLite and the real PostgreSQL. The HRBP 赵敏 (E004, desktop)
/// launches the self-review the manager reviews (<see cref="QuickReview"/>) for the employees of Platform Engineering
/// (平台研发部, D210) with the launch wizard. 蒋涛 (E025, on a phone, in Chinese) opens his task from the link in the
/// mail the SMTP sink received, fills it in, is shown a field error, fixes it, sees the draft saved, reloads, submits;
/// his manager 郑浩 (E022, desktop) returns it with a comment on a field; 蒋涛 sees the comment beside the field,
/// revises, resubmits; 郑浩 approves, and the HRBP's dashboard shows one of six done. Then 陈思远 (E024, whose locale is
/// English, on a phone) does the same in English with his manager 吴静 (E021), and the dashboard shows two of six.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed partial class ReviewCycleScenarioTests(string kind)
{
    private const string Step = QuickReview.StepZh;

    private TestDatabase? database;
    private RunningHost? host;

    private RunningHost Host => host!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        database = TestDatabase.Create(kind);
        host = RunningHost.StartWithMail(database);
        using var api = new HostApi(Host.Address);
        await api.PublishQuickReviewAsync("E004");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        database?.Dispose();
    }

    [Test]
    public async Task A_cycle_launched_with_the_wizard_runs_through_a_return_with_a_field_comment_to_the_dashboard_in_Chinese_and_in_English()
    {
        // 1. The HRBP launches the review for the department's employees with the wizard: the live count, the summary.
        await using var hrbpTab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var hrbp = hrbpTab.Page;
        await hrbp.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(hrbp, "赵敏");
        await LaunchWizard.OpenAsync(hrbp);
        var name = $"平台研发部 快速自评 ({kind})";
        await LaunchWizard.ChooseProcessAsync(hrbp, QuickReview.TitleZh, name);
        await hrbpTab.CheckAsync("01-hrbp-wizard-process");
        await LaunchWizard.NextAsync(hrbp);
        await LaunchWizard.ChooseDepartmentAsync(hrbp, "平台研发部");
        await Expect(LaunchWizard.LiveCount(hrbp)).ToHaveTextAsync("8");
        await LaunchWizard.ChooseDepartmentAsync(hrbp, "平台研发部", "员工");
        await Expect(LaunchWizard.LiveCount(hrbp)).ToHaveTextAsync("6");
        await Expect(hrbp.GetByText("人将收到任务")).ToBeVisibleAsync();
        await Expect(LaunchWizard.Findings(hrbp)).ToHaveCountAsync(0);
        await hrbpTab.CheckAsync("02-hrbp-wizard-population");
        await LaunchWizard.NextAsync(hrbp);
        await Expect(hrbp.GetByLabel("开始日期")).ToBeVisibleAsync();
        await LaunchWizard.NextAsync(hrbp);
        var summary = hrbp.Locator(".launch-summary");
        await Expect(summary).ToContainTextAsync(name);
        await Expect(summary).ToContainTextAsync("平台研发部");
        await Expect(summary).ToContainTextAsync(QuickReview.TitleZh);
        await hrbpTab.CheckAsync("03-hrbp-wizard-confirm");
        var cycleId = await LaunchWizard.LaunchAsync(hrbp, 6);

        // 2. The dashboard: six people, none done, six tasks open.
        await Expect(hrbp.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await ExpectFiguresAsync(hrbp, completionPercent: 0, completed: 0, open: 6);
        await hrbpTab.CheckAsync("04-hrbp-dashboard-launched");

        // 3. The launch notices go out; 蒋涛 opens his task on a phone from the link in his mail, and signs in.
        await Host.DeliverMailAsync();
        var link = await Mailbox.TaskLinkAsync(Host, "E025", cycleId, "【周期启动】");
        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = phone.Page;
        await page.GotoAsync(link);
        await SignIn.AsDemoPersonAsync(page, "蒋涛");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Step, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("考核期间")).ToBeEditableAsync();
        await phone.CheckAsync("05-employee-opened");

        // 4. Filled in Chinese, submitted without the overall rating: the error is at that field, the rest kept.
        await page.GetByLabel("考核期间").FillAsync("2026");
        await page.GetByLabel("目标", new() { Exact = true }).FillAsync("支付网关迁移");
        await page.GetByLabel("实际结果", new() { Exact = true }).FillAsync("十一月完成迁移");
        await Controls.SetRatingAsync(SignIn.Field(page, "自评分"), 4);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        var overall = SignIn.Field(page, "综合自评");
        await Expect(overall.Locator(".ant-form-item-explain")).ToContainTextAsync("请填写此项。");
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("有 1 处需要修改");
        await Expect(page.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("十一月完成迁移");
        await phone.CheckAsync("06-employee-field-error");

        // 5. Fixed: the error goes, the draft saves by itself and says so.
        await Controls.SetRatingAsync(overall, 4);
        await Expect(overall).Not.ToContainTextAsync("请填写此项。");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedAtZh() })).ToBeVisibleAsync();
        await page.GetByLabel("最满意的亮点").FillAsync("带新人完成了迁移");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedAtZh() })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "提交" })).ToBeInViewportAsync();
        await phone.CheckAsync("07-employee-draft-saved");

        // 6. Reloaded: everything typed is there, from the saved draft.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Step, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("考核期间")).ToHaveValueAsync("2026");
        await Expect(page.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("十一月完成迁移");
        await Expect(page.GetByLabel("最满意的亮点")).ToHaveValueAsync("带新人完成了迁移");
        await Expect(SignIn.Field(page, "综合自评").GetByRole(AriaRole.Slider)).ToHaveAttributeAsync("aria-valuenow", "4");
        await phone.CheckAsync("08-employee-reloaded");

        // 7. Submitted: nothing left to do.
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-open")).ToHaveTextAsync("待办 0");
        await phone.CheckAsync("09-employee-submitted");

        // 8. The manager, on a desktop, returns it with a reason and a comment on the result.
        await using var managerTab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var manager = managerTab.Page;
        await manager.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(manager, "郑浩");
        await Reviewing.TaskLink(manager, Step, "蒋涛").ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Name = Step, Level = 1 })).ToBeVisibleAsync();
        await Expect(manager.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("十一月完成迁移");
        await Reviewing.CommentOnFieldAsync(manager, "实际结果", "请写明迁移后的故障率变化");
        await managerTab.CheckAsync("10-manager-review");
        await Reviewing.ReturnAsync(manager, "请写明迁移后的故障率变化", "结果需要数据支撑", () => managerTab.CheckAsync("11-manager-return-dialog"));

        // 9. The employee: the task is open again, with the reason, and the comment right below its field; he revises
        //    and resubmits.
        await page.GotoAsync("/tasks");
        await Expect(page.Locator("#tab-open")).ToHaveTextAsync("待办 1");
        await Reviewing.TaskLink(page, Step).ClickAsync();
        var returns = page.GetByRole(AriaRole.Region, new() { Name = "已被退回，请修改后重新提交" });
        await Expect(returns).ToContainTextAsync("第 1 轮 · 郑浩");
        await Expect(returns).ToContainTextAsync("退回原因：结果需要数据支撑");
        var comment = page.GetByRole(AriaRole.List, new() { Name = "对「实际结果」的意见" });
        await Expect(comment).ToContainTextAsync("郑浩 的意见");
        await Expect(comment).ToContainTextAsync("请写明迁移后的故障率变化");
        await ExpectRightBelowAsync(comment, page.GetByLabel("实际结果", new() { Exact = true }));
        await phone.CheckAsync("12-employee-returned");
        await page.GetByLabel("实际结果", new() { Exact = true }).FillAsync("十一月完成迁移，故障率从 0.5% 降到 0.1%");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-open")).ToHaveTextAsync("待办 0");

        // 10. The manager sees the revision and the round, and approves.
        await manager.GotoAsync("/tasks");
        await Reviewing.TaskLink(manager, Step, "蒋涛").ClickAsync();
        await Expect(manager.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("十一月完成迁移，故障率从 0.5% 降到 0.1%");
        await Expect(manager.GetByRole(AriaRole.Region, new() { Name = "退回记录" })).ToContainTextAsync("结果需要数据支撑");
        await Reviewing.ApproveAsync(manager, "蒋涛", Step, () => managerTab.CheckAsync("13-manager-approve-dialog"));

        // 11. The HRBP refreshes the dashboard: one of six done.
        await hrbp.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
        await ExpectFiguresAsync(hrbp, completionPercent: 17, completed: 1, open: 5);
        await hrbpTab.CheckAsync("14-hrbp-dashboard-one-done");

        // 12. The same in English for 陈思远, whose locale is English, with his manager 吴静.
        var englishLink = await Mailbox.TaskLinkAsync(Host, "E024", cycleId, "Review cycle launched:");
        await using var englishPhone = await Tab.OpenAsync(Host.Address, Screen.Phone, locale: "en-GB");
        var english = englishPhone.Page;
        await english.GotoAsync(englishLink);
        await SignIn.AsDemoPersonAsync(english, "Steven Chen");
        await Expect(english.GetByRole(AriaRole.Heading, new() { Name = QuickReview.StepEn, Level = 1 })).ToBeVisibleAsync();
        await english.GetByLabel("Period").FillAsync("2026");
        await english.GetByLabel("Goal", new() { Exact = true }).FillAsync("Move the build to the new cluster");
        await english.GetByLabel("Result", new() { Exact = true }).FillAsync("Done in November");
        await Controls.SetRatingAsync(SignIn.Field(english, "Self-rating"), 3);
        await english.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        var englishOverall = SignIn.Field(english, "Overall self-rating");
        await Expect(englishOverall.Locator(".ant-form-item-explain")).ToContainTextAsync("Fill in this field.");
        await Expect(english.GetByRole(AriaRole.Alert).First).ToContainTextAsync("1 field needs changing");
        await englishPhone.CheckAsync("15-english-field-error");
        await Controls.SetRatingAsync(englishOverall, 3);
        await Expect(english.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedAtEn() })).ToBeVisibleAsync();
        await englishPhone.CheckAsync("16-english-draft-saved");
        await english.ReloadAsync();
        await Expect(english.GetByLabel("Result", new() { Exact = true })).ToHaveValueAsync("Done in November");
        await Expect(SignIn.Field(english, "Overall self-rating").GetByRole(AriaRole.Slider)).ToHaveAttributeAsync("aria-valuenow", "3");
        await english.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(english.GetByRole(AriaRole.Status).Filter(new() { HasText = "Submitted" })).ToBeVisibleAsync();

        await using var englishManagerTab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var englishManager = englishManagerTab.Page;
        await englishManager.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(englishManager, "吴静");
        await Reviewing.TaskLink(englishManager, Step, "陈思远").ClickAsync();
        await Expect(englishManager.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("Done in November");
        await Reviewing.CommentOnFieldAsync(englishManager, "实际结果", "How much faster are the builds?");
        await Reviewing.ReturnAsync(englishManager, "How much faster are the builds?", "Say what changed for the team");

        await english.GotoAsync("/tasks");
        await Expect(english.Locator("#tab-open")).ToHaveTextAsync("To do 1");
        await Reviewing.TaskLink(english, QuickReview.StepEn).ClickAsync();
        var englishReturns = english.GetByRole(AriaRole.Region, new() { Name = "Returned: revise and submit again" });
        await Expect(englishReturns).ToContainTextAsync("Round 1 · returned by Jing Wu");
        await Expect(englishReturns).ToContainTextAsync("Reason: Say what changed for the team");
        var englishComment = english.GetByRole(AriaRole.List, new() { Name = "Comments on \"Result\"" });
        await Expect(englishComment).ToContainTextAsync("Jing Wu commented");
        await Expect(englishComment).ToContainTextAsync("How much faster are the builds?");
        await ExpectRightBelowAsync(englishComment, english.GetByLabel("Result", new() { Exact = true }));
        await englishPhone.CheckAsync("17-english-returned");
        await english.GetByLabel("Result", new() { Exact = true }).FillAsync("Done in November; builds take 6 minutes instead of 20");
        await english.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(english.GetByRole(AriaRole.Status).Filter(new() { HasText = "Submitted" })).ToBeVisibleAsync();

        await englishManager.GotoAsync("/tasks");
        await Reviewing.TaskLink(englishManager, Step, "陈思远").ClickAsync();
        await Expect(englishManager.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("Done in November; builds take 6 minutes instead of 20");
        await Reviewing.ApproveAsync(englishManager, "陈思远", Step);

        // 13. The dashboard: two of six done; the cycles list says the same.
        await hrbp.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
        await ExpectFiguresAsync(hrbp, completionPercent: 33, completed: 2, open: 4);
        await hrbpTab.CheckAsync("18-hrbp-dashboard-two-done");
        await hrbp.GetByRole(AriaRole.Link, new() { Name = "返回考核周期" }).ClickAsync();
        await Expect(hrbp.GetByRole(AriaRole.Link).Filter(new() { HasText = name })).ToContainTextAsync("6 人 · 已完成 2 · 逾期任务 0");
        await hrbpTab.CheckAsync("19-hrbp-cycles");

        Assert.That(hrbpTab.Problems.Concat(phone.Problems).Concat(managerTab.Problems).Concat(englishPhone.Problems).Concat(englishManagerTab.Problems), Is.Empty);
    }

    private static async Task ExpectFiguresAsync(IPage page, int completionPercent, int completed, int open)
    {
        await Expect(Dashboard.Figure(page, "完成率")).ToContainTextAsync($"{completionPercent}%");
        await Expect(Dashboard.Figure(page, "人数")).ToContainTextAsync("6");
        await Expect(Dashboard.Figure(page, "人数")).ToContainTextAsync($"已完成 {completed} 人");
        await Expect(Dashboard.Figure(page, "待处理任务")).ToContainTextAsync($"{open}");
        await Expect(Dashboard.Figure(page, "逾期任务")).ToContainTextAsync("0");
        await Expect(page.Locator(".chart canvas")).ToHaveCountAsync(2);
    }

    // A field comment is shown right below the field it is about.
    private static async Task ExpectRightBelowAsync(ILocator comment, ILocator field)
    {
        var commentBox = await comment.BoundingBoxAsync();
        var fieldBox = await field.BoundingBoxAsync();
        Assert.That(commentBox!.Y - (fieldBox!.Y + fieldBox.Height), Is.InRange(0, 120), "the comment is right below its field");
    }

    [GeneratedRegex(@"^已保存 \d{2}:\d{2}$")]
    private static partial Regex SavedAtZh();

    [GeneratedRegex(@"^Saved \d{2}:\d{2}$")]
    private static partial Regex SavedAtEn();
}
