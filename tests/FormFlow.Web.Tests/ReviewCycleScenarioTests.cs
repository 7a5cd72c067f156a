using System.Text.RegularExpressions;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// A review cycle from end to end in the browser, over SQLite and the real PostgreSQL, on the annual review the product
/// ships (<see cref="AnnualReview"/>). The HRBP 赵敏 (E004, desktop) launches it for the employees of Platform
/// Engineering (平台研发部, D210) with the launch wizard. 蒋涛 (E025, on a phone, in Chinese) opens his self-review from
/// the link in the mail the SMTP sink received, fills it in, is shown a field error, fixes it, sees the draft saved,
/// reloads, submits. His manager 郑浩 (E022, desktop) opens the 3-3 preparation from his mail and fills it in; 蒋涛 opens
/// the interview record from his next mail and fills it in; 郑浩 returns it with a comment on a field; 蒋涛 sees the
/// comment beside the field, revises, resubmits; 郑浩 approves with his feedback and rating, and both have the record to
/// confirm. The HRBP's dashboard shows it: the confirmations among the open tasks, the rating in the distribution.
/// Then 陈思远 (E024, whose locale is English, on a phone) goes the same way in English with his manager 吴静 (E021),
/// and the dashboard shows the second rating.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed partial class ReviewCycleScenarioTests(string kind) : PagesFixture(kind)
{
    private protected override RunningHost StartHost(TestDatabase over) => RunningHost.StartWithMail(over);

    [Test]
    public async Task An_annual_review_launched_with_the_wizard_runs_through_a_return_with_a_field_comment_to_the_dashboard_in_Chinese_and_in_English()
    {
        // 1. The HRBP launches the annual review for the department's employees with the wizard: the live count, the
        //    summary; the dashboard shows six people, none done, six self-reviews open, no rating yet.
        await using var hrbpTab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var hrbp = hrbpTab.Page;
        await hrbp.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(hrbp, "赵敏");
        await LaunchWizard.OpenAsync(hrbp);
        var name = $"平台研发部 年度绩效评估 ({Kind})";
        await LaunchWizard.ChooseProcessAsync(hrbp, AnnualReview.TitleZh, name);
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
        await Expect(summary).ToContainTextAsync(AnnualReview.TitleZh);
        await hrbpTab.CheckAsync("03-hrbp-wizard-confirm");
        var cycleId = await LaunchWizard.LaunchAsync(hrbp, 6);
        await Expect(hrbp.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await ExpectFiguresAsync(hrbp, open: 6, rated: 0);
        await hrbpTab.CheckAsync("04-hrbp-dashboard-launched");

        // 2. The launch notices go out; 蒋涛 opens his self-review on a phone from the link in his mail, and signs in.
        await Host.DeliverMailAsync();
        var link = await Mailbox.TaskLinkAsync(Host, "E025", cycleId, "【周期启动】");
        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = phone.Page;
        await page.GotoAsync(link);
        await SignIn.AsDemoPersonAsync(page, "蒋涛");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = AnnualReview.SelfReviewZh, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText($"{AnnualReview.TitleZh} · 蒋涛")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("考核期间")).ToBeEditableAsync();
        await phone.CheckAsync("05-employee-opened");

        // 3. Filled in Chinese, submitted without the overall rating: the error is at that field, the rest kept.
        await Controls.FillAsync(page, ("考核期间", "2026"), ("目标", "支付网关迁移"), ("实际结果", "十一月完成迁移"));
        await Controls.SetRatingAsync(SignIn.Field(page, "自评分"), 4);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        var overall = SignIn.Field(page, "综合自评");
        await Expect(overall.Locator(".ant-form-item-explain")).ToContainTextAsync("请填写此项。");
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("有 1 处需要修改");
        await Expect(page.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("十一月完成迁移");
        await phone.CheckAsync("06-employee-field-error");

        // 4. Fixed: the error goes, the draft saves by itself and says so.
        await Controls.SetRatingAsync(overall, 4);
        await Expect(overall).Not.ToContainTextAsync("请填写此项。");
        await Expect(SavedState(page, SavedAtZh())).ToBeVisibleAsync();
        await page.GetByLabel("最满意的亮点").FillAsync("带新人完成了迁移");
        await Expect(SavedState(page, SavedAtZh())).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "提交" })).ToBeInViewportAsync();
        await phone.CheckAsync("07-employee-draft-saved");

        // 5. Reloaded: everything typed is there, from the saved draft; then submitted.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = AnnualReview.SelfReviewZh, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("考核期间")).ToHaveValueAsync("2026");
        await Expect(page.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("十一月完成迁移");
        await Expect(page.GetByLabel("最满意的亮点")).ToHaveValueAsync("带新人完成了迁移");
        await Expect(SignIn.Field(page, "综合自评").GetByRole(AriaRole.Slider)).ToHaveAttributeAsync("aria-valuenow", "4");
        await phone.CheckAsync("08-employee-reloaded");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-open")).ToHaveTextAsync("待办 0");
        await phone.CheckAsync("09-employee-submitted");

        // 6. The manager, on a desktop, opens the 3-3 preparation from the link in his mail and fills it in.
        await using var managerTab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var manager = managerTab.Page;
        await OpenFromMailAsync(manager, "E022", cycleId, "【待办】", "郑浩", AnnualReview.PreparationZh);
        await Expect(manager.GetByText($"{AnnualReview.TitleZh} · 蒋涛")).ToBeVisibleAsync();
        await AnnualReview.FillPreparationAsync(manager, "蒋涛");
        await managerTab.CheckAsync("10-manager-preparation");
        await manager.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        // 7. 蒋涛 opens the interview record from his next mail and writes what went well and what to improve.
        await OpenFromMailAsync(page, "E025", cycleId, "【待办】", null, AnnualReview.RecordZh);
        await Controls.FillAsync(
            page,
            ("项目名称", "支付网关迁移"),
            ("目标完成率（%）", "110"),
            ("关键行为", "按检查单逐步迁移"),
            ("团队贡献", "整理了迁移手册"),
            ("具体事件", "灰度方案评审准备不足"),
            ("影响", "评审开了两次"),
            ("自身不足", "没有提前请测试同事看方案"));
        await phone.CheckAsync("11-employee-record");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        // 8. The manager opens the record from his tasks and returns it with a reason and a comment on a field.
        await manager.GotoAsync("/tasks");
        await Reviewing.TaskLink(manager, AnnualReview.RecordZh, "蒋涛").ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Name = AnnualReview.RecordZh, Level = 1 })).ToBeVisibleAsync();
        await Expect(manager.GetByLabel("关键行为", new() { Exact = true })).ToHaveValueAsync("按检查单逐步迁移");
        await Reviewing.CommentOnFieldAsync(manager, "关键行为", "请写明迁移后的故障率变化");
        await managerTab.CheckAsync("12-manager-review");
        await Reviewing.ReturnAsync(manager, "请写明迁移后的故障率变化", "结果需要数据支撑", () => managerTab.CheckAsync("13-manager-return-dialog"));

        // 9. 蒋涛: the record is open again, with the reason, and the comment right below its field; he revises and
        //    resubmits.
        await page.GotoAsync("/tasks");
        await Expect(page.Locator("#tab-open")).ToHaveTextAsync("待办 1");
        await Reviewing.TaskLink(page, AnnualReview.RecordZh).ClickAsync();
        var returns = page.GetByRole(AriaRole.Region, new() { Name = "已被退回，请修改后重新提交" });
        await Expect(returns).ToContainTextAsync("第 1 轮 · 郑浩");
        await Expect(returns).ToContainTextAsync("退回原因：结果需要数据支撑");
        var comment = page.GetByRole(AriaRole.List, new() { Name = "对「关键行为」的意见" });
        await Expect(comment).ToContainTextAsync("郑浩 的意见");
        await Expect(comment).ToContainTextAsync("请写明迁移后的故障率变化");
        await ExpectRightBelowAsync(comment, page.GetByLabel("关键行为", new() { Exact = true }));
        await phone.CheckAsync("14-employee-returned");
        await page.GetByLabel("关键行为", new() { Exact = true }).FillAsync("按检查单逐步迁移，故障率从 0.5% 降到 0.1%");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-open")).ToHaveTextAsync("待办 0");

        // 10. The manager sees the revision and the round; approving without a rating stops at the rating; with his
        //     feedback and a 4, approved.
        await manager.GotoAsync("/tasks");
        await Reviewing.TaskLink(manager, AnnualReview.RecordZh, "蒋涛").ClickAsync();
        await Expect(manager.GetByLabel("关键行为", new() { Exact = true })).ToHaveValueAsync("按检查单逐步迁移，故障率从 0.5% 降到 0.1%");
        await Expect(manager.GetByRole(AriaRole.Region, new() { Name = "退回记录" })).ToContainTextAsync("结果需要数据支撑");
        await manager.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        await Expect(SignIn.Field(manager, "综合评分").Locator(".ant-form-item-explain")).ToContainTextAsync("请填写此项。");
        // He comments on what 蒋涛 wrote, not on the fields he fills in himself.
        await Expect(manager.GetByRole(AriaRole.Button, new() { Name = "添加意见：项目名称" })).ToBeVisibleAsync();
        await Expect(manager.GetByRole(AriaRole.Button, new() { Name = "添加意见：综合评分" })).ToHaveCountAsync(0);
        await AnnualReview.GiveFeedbackAsync(manager, 4);
        await managerTab.CheckAsync("15-manager-feedback");
        await Reviewing.ApproveAsync(manager, "蒋涛", AnnualReview.RecordZh, () => managerTab.CheckAsync("16-manager-approve-dialog"));

        // 11. Both have the record to confirm; the HRBP's dashboard shows the two confirmations among the open tasks and
        //     the rating in the distribution.
        await page.GotoAsync("/tasks");
        await Expect(page.Locator("#tab-open")).ToHaveTextAsync("待办 1");
        await Expect(Reviewing.TaskLink(page, AnnualReview.ConfirmationZh)).ToBeVisibleAsync();
        await phone.CheckAsync("17-employee-to-confirm");
        await hrbp.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
        await ExpectFiguresAsync(hrbp, open: 7, rated: 1);
        await hrbpTab.CheckAsync("18-hrbp-dashboard-one-rated");

        // 12. The same in English for 陈思远, whose locale is English, with his manager 吴静.
        var englishLink = await Mailbox.TaskLinkAsync(Host, "E024", cycleId, "Review cycle launched:");
        await using var englishPhone = await Tab.OpenAsync(Host.Address, Screen.Phone, locale: "en-GB");
        var english = englishPhone.Page;
        await english.GotoAsync(englishLink);
        await SignIn.AsDemoPersonAsync(english, "Steven Chen");
        await Expect(english.GetByRole(AriaRole.Heading, new() { Name = AnnualReview.SelfReviewEn, Level = 1 })).ToBeVisibleAsync();
        await Expect(english.GetByText("Annual performance review · Steven Chen")).ToBeVisibleAsync();
        await Controls.FillAsync(english, ("Period", "2026"), ("Goal", "Move the build to the new cluster"), ("Result", "Done in November"));
        await Controls.SetRatingAsync(SignIn.Field(english, "Self-rating"), 3);
        await english.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        var englishOverall = SignIn.Field(english, "Overall self-rating");
        await Expect(englishOverall.Locator(".ant-form-item-explain")).ToContainTextAsync("Fill in this field.");
        await Expect(english.GetByRole(AriaRole.Alert).First).ToContainTextAsync("1 field needs changing");
        await englishPhone.CheckAsync("19-english-field-error");
        await Controls.SetRatingAsync(englishOverall, 3);
        await Expect(SavedState(english, SavedAtEn())).ToBeVisibleAsync();
        await englishPhone.CheckAsync("20-english-draft-saved");
        await english.ReloadAsync();
        await Expect(english.GetByLabel("Result", new() { Exact = true })).ToHaveValueAsync("Done in November");
        await Expect(SignIn.Field(english, "Overall self-rating").GetByRole(AriaRole.Slider)).ToHaveAttributeAsync("aria-valuenow", "3");
        await english.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(english.GetByRole(AriaRole.Status).Filter(new() { HasText = "Submitted" })).ToBeVisibleAsync();

        await using var englishManagerTab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var englishManager = englishManagerTab.Page;
        await OpenFromMailAsync(englishManager, "E021", cycleId, "【待办】", "吴静", AnnualReview.PreparationZh);
        await Expect(englishManager.GetByText($"{AnnualReview.TitleZh} · 陈思远")).ToBeVisibleAsync();
        await AnnualReview.FillPreparationAsync(englishManager, "陈思远");
        await englishManager.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(englishManager.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        await OpenFromMailAsync(english, "E024", cycleId, "To do:", null, AnnualReview.RecordEn);
        await Controls.FillAsync(
            english,
            ("Project", "Build cluster move"),
            ("Goal completion (%)", "100"),
            ("Key behaviour", "Moved one team at a time"),
            ("Contribution to the team", "Wrote the migration guide"),
            ("Event", "The cut-over plan was late"),
            ("Impact", "Two teams waited a day"),
            ("My own shortfall", "I did not ask for help early enough"));
        await englishPhone.CheckAsync("21-english-record");
        await english.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(english.GetByRole(AriaRole.Status).Filter(new() { HasText = "Submitted" })).ToBeVisibleAsync();

        await englishManager.GotoAsync("/tasks");
        await Reviewing.TaskLink(englishManager, AnnualReview.RecordZh, "陈思远").ClickAsync();
        await Expect(englishManager.GetByLabel("关键行为", new() { Exact = true })).ToHaveValueAsync("Moved one team at a time");
        await Reviewing.CommentOnFieldAsync(englishManager, "关键行为", "How much faster are the builds?");
        await Reviewing.ReturnAsync(englishManager, "How much faster are the builds?", "Say what changed for the team");

        await english.GotoAsync("/tasks");
        await Expect(english.Locator("#tab-open")).ToHaveTextAsync("To do 1");
        await Reviewing.TaskLink(english, AnnualReview.RecordEn).ClickAsync();
        var englishReturns = english.GetByRole(AriaRole.Region, new() { Name = "Returned: revise and submit again" });
        await Expect(englishReturns).ToContainTextAsync("Round 1 · returned by Jing Wu");
        await Expect(englishReturns).ToContainTextAsync("Reason: Say what changed for the team");
        var englishComment = english.GetByRole(AriaRole.List, new() { Name = "Comments on \"Key behaviour\"" });
        await Expect(englishComment).ToContainTextAsync("Jing Wu commented");
        await Expect(englishComment).ToContainTextAsync("How much faster are the builds?");
        await ExpectRightBelowAsync(englishComment, english.GetByLabel("Key behaviour", new() { Exact = true }));
        await englishPhone.CheckAsync("22-english-returned");
        await english.GetByLabel("Key behaviour", new() { Exact = true }).FillAsync("Moved one team at a time; builds take 6 minutes instead of 20");
        await english.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(english.GetByRole(AriaRole.Status).Filter(new() { HasText = "Submitted" })).ToBeVisibleAsync();

        await englishManager.GotoAsync("/tasks");
        await Reviewing.TaskLink(englishManager, AnnualReview.RecordZh, "陈思远").ClickAsync();
        await Expect(englishManager.GetByLabel("关键行为", new() { Exact = true })).ToHaveValueAsync("Moved one team at a time; builds take 6 minutes instead of 20");
        await AnnualReview.GiveFeedbackAsync(englishManager, 3);
        await Reviewing.ApproveAsync(englishManager, "陈思远", AnnualReview.RecordZh);

        await english.GotoAsync("/tasks");
        await Expect(english.Locator("#tab-open")).ToHaveTextAsync("To do 1");
        await Expect(Reviewing.TaskLink(english, AnnualReview.ConfirmationEn)).ToBeVisibleAsync();
        await englishPhone.CheckAsync("23-english-to-confirm");

        // 13. The dashboard: two more confirmations open, one self-review fewer, two ratings.
        await hrbp.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
        await ExpectFiguresAsync(hrbp, open: 8, rated: 2);
        await hrbpTab.CheckAsync("24-hrbp-dashboard-two-rated");

        Assert.That(hrbpTab.Problems.Concat(phone.Problems).Concat(managerTab.Problems).Concat(englishPhone.Problems).Concat(englishManagerTab.Problems), Is.Empty);
    }

    // The task the mail names, opened from its link: signed in first when the tab is not yet.
    private async Task OpenFromMailAsync(IPage page, string person, string cycleId, string subjectStart, string? signInAs, string step)
    {
        await Host.DeliverMailAsync();
        await page.GotoAsync(await Mailbox.TaskLinkAsync(Host, person, cycleId, subjectStart));
        if (signInAs is not null)
        {
            await SignIn.AsDemoPersonAsync(page, signInAs);
        }

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = step, Level = 1 })).ToBeVisibleAsync();
    }

    // The action bar's "saved at" state.
    private static ILocator SavedState(IPage page, Regex savedAt) => page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = savedAt });

    // Nobody is done before the interview records are confirmed and the development plans agreed, so the completion
    // stays 0 here; what moves are the open tasks and the ratings the HRBP reads.
    private static async Task ExpectFiguresAsync(IPage page, int open, int rated)
    {
        await Expect(Dashboard.Figure(page, "完成率")).ToContainTextAsync("0%");
        await Expect(Dashboard.Figure(page, "人数")).ToContainTextAsync("6");
        await Expect(Dashboard.Figure(page, "人数")).ToContainTextAsync("已完成 0 人");
        await Expect(Dashboard.Figure(page, "待处理任务")).ToContainTextAsync($"{open}");
        await Expect(Dashboard.Figure(page, "逾期任务")).ToContainTextAsync("0");
        var ratings = Dashboard.Card(page, "综合评分分布");
        if (rated == 0)
        {
            await Expect(ratings).ToContainTextAsync("还没有评分。");
            await Expect(page.Locator(".chart canvas")).ToHaveCountAsync(2);
        }
        else
        {
            await Expect(ratings).ToContainTextAsync($"已有 {rated} 份面谈记录给出评分（1–5 分）");
            await Expect(page.Locator(".chart canvas")).ToHaveCountAsync(3);
        }
    }

    // A field comment is shown right below the field it is about: measured in one go, once the page has settled (a
    // notice appearing above moves both, and two separate measurements could straddle it).
    private static async Task ExpectRightBelowAsync(ILocator comment, ILocator field)
    {
        var gap = double.NaN;
        for (var attempt = 0; attempt < 20 && !(gap is >= 0 and <= 120); attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(250);
            }

            gap = await field.EvaluateAsync<double>(
                "(f, c) => c.getBoundingClientRect().top - f.getBoundingClientRect().bottom",
                await comment.ElementHandleAsync());
        }

        var layout = await field.EvaluateAsync<string>("f => f.outerHTML.slice(0, 300) + ' | ' + JSON.stringify(f.getBoundingClientRect())");
        Assert.That(gap, Is.InRange(0, 120), $"the comment is right below its field ({layout})");
    }

    [GeneratedRegex(@"^已保存 \d{2}:\d{2}$")]
    private static partial Regex SavedAtZh();

    [GeneratedRegex(@"^Saved \d{2}:\d{2}$")]
    private static partial Regex SavedAtEn();
}
