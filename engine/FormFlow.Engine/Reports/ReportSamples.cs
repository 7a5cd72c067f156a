using Scriban.Runtime;

namespace FormFlow.Reports;

/// <summary>
/// A sample model per report and language, with every list filled: what a template is checked against when it is
/// published and previewed without real data. A template that renders it uses every member a real model has.
/// </summary>
internal static class ReportSamples
{
    public static ScriptObject Model(string key, string language)
    {
        var en = language == "en";
        string T(string zh, string english) => en ? english : zh;
        return key switch
        {
            ReportTemplates.CycleProgress => new CycleProgressModel(
                language,
                T("2026 年度绩效评估", "2026 annual review"),
                T("2026年12月1日", "1 Dec 2026"),
                T("2027年1月30日", "30 Jan 2027"),
                T("2026年12月17日 09:00", "17 Dec 2026 09:00"),
                "open",
                People: 4,
                Completed: 1,
                Running: 3,
                Cancelled: 0,
                OpenTasks: 3,
                OverdueCount: 1,
                [new CompletionLine(T("研发部", "R&D"), 4, 1, 3, 0)],
                [new CompletionLine(T("王芳", "Wang Fang"), 2, 1, 1, 0), new CompletionLine(T("李强", "Li Qiang"), 2, 0, 2, 0)],
                [new OverdueLine(T("刘洋", "Liu Yang"), T("刘洋", "Liu Yang"), T("年度绩效评估", "Annual review"), T("自评", "Self-review"), T("2026年12月15日 09:00", "15 Dec 2026 09:00"), 2)],
                [new RatingLine(1, 0, 0), new RatingLine(2, 0, 0), new RatingLine(3, 1, 100), new RatingLine(4, 0, 0), new RatingLine(5, 0, 0)],
                Rated: 1).ToScriptObject(),
            ReportTemplates.PreInterview => new PreInterviewModel(
                language,
                T("刘洋", "Liu Yang"),
                T("平台组", "Platform"),
                T("李强", "Li Qiang"),
                T("2026 年度绩效评估", "2026 annual review"),
                SelfReviewWritten: true,
                [Goal(T)],
                SelfRating: 4,
                T("主导结算服务重构", "Led the billing rewrite"),
                T("跨团队协调耗时", "Cross-team coordination took long"),
                T("希望有架构评审支持", "Architecture review support"),
                T("提升系统设计能力", "Grow in system design"),
                "2026-Q4",
                [Kpi(T)],
                [CheckIn(T)],
                [Feedback(T)],
                LastRating: 3,
                T("达到预期，沟通有提升空间", "Met expectations; communication can improve"),
                [new PlanLine(T("提升沟通", "Communicate better"), T("每周同步进展", "Weekly progress notes"), "2026-06-30", "done", T("已完成", "done"), "2026-05")],
                Feedback360(T),
                [new PromptLine(T("按期交付", "Delivered on time"), T("提前识别风险", "Spotted risks early")), new PromptLine(string.Empty, string.Empty), new PromptLine(string.Empty, string.Empty)],
                [new GapLine(T("发布前未通知测试组", "Did not tell the test team before a release"), T("回归测试晚了两天", "Regression tests two days late")), new GapLine(string.Empty, string.Empty), new GapLine(string.Empty, string.Empty)],
                [new SupportLine(T("推荐参加架构课程", "Nominate for the architecture course"), T("李强", "Li Qiang"), "2027-03-31"), new SupportLine(string.Empty, string.Empty, string.Empty), new SupportLine(string.Empty, string.Empty, string.Empty)],
                [new KpiWarningLine(T("有效客户拜访量", "Customer visits"), T("次", "visits"), "8", T("越高越好", "higher is better"), [new KpiWarningValue("2026-W47", "5"), new KpiWarningValue("2026-W48", "4")], "2026-11-30")])
            {
                // What a template for any process reads of fields that have no role: labelled texts.
                SelfTexts = [new LabelledText(T("本期亮点", "Highlights"), T("主导结算服务重构", "Led the billing rewrite"))],
                LastTexts = [new LabelledText(T("主管总结", "Manager's summary"), T("达到预期，沟通有提升空间", "Met expectations; communication can improve"))],
            }.ToScriptObject(),
            ReportTemplates.FollowUp => new FollowUpModel(
                language,
                T("李强", "Li Qiang"),
                T("2026年12月17日 09:00", "17 Dec 2026 09:00"),
                [
                    new FollowUpAction(T("刘洋", "Liu Yang"), T("个人发展计划（IDP）", "Individual development plan (IDP)"), T("完成架构课程", "Finish the architecture course"), "2027-01-15", 29, "open", T("进行中", "open")) { PlanStatus = T("进行中", "In progress") },
                    new FollowUpAction(T("陈静", "Chen Jing"), T("SMART 绩效改进计划（PIP）", "SMART performance improvement plan (PIP)"), T("按期交付迭代", "Ship each sprint on time"), "2026-12-20", 3, "due-soon", T("即将到期", "due soon")) { CheckIn = T("有风险（员工自评）", "at risk (employee)") },
                    new FollowUpAction(T("陈静", "Chen Jing"), T("SMART 绩效改进计划（PIP）", "SMART performance improvement plan (PIP)"), T("每周代码评审", "Weekly code review"), "2027-01-10", 24, "off-track", T("已偏离", "off track")) { CheckIn = T("已偏离（主管标记）", "off track (manager)") },
                ]).ToScriptObject(),
            ReportTemplates.History => new HistoryModel(
                language,
                T("刘洋", "Liu Yang"),
                T("平台组", "Platform"),
                T("李强", "Li Qiang"),
                [
                    new HistoryEntry(
                        "annual-review",
                        T("年度绩效评估", "Annual review"),
                        T("2026 年度绩效评估", "2026 annual review"),
                        T("2026年12月1日", "1 Dec 2026"),
                        "running",
                        T("进行中", "running"),
                        T("等待：李强 审批面谈记录", "Waiting for: Li Qiang to approve the interview record"),
                        [new TrailStep(T("2026年12月1日", "1 Dec 2026"), T("自评", "Self-review"))],
                        new HistorySelfReview("2026", [Goal(T)], 4, T("目标全部达成", "All goals met"), T("主导结算服务重构", "Led the billing rewrite"), T("跨团队协调耗时", "Coordination took long"), T("架构评审", "Architecture reviews"), T("系统设计", "System design")),
                        new HistoryInterview(
                            [new WentWellLine(T("结算服务", "Billing service"), 100, T("提前识别风险", "Spotted risks early"), T("带新人", "Mentored a newcomer"))],
                            [new ToImproveLine(T("发布延期一次", "One release slipped"), T("客户等待一周", "Customers waited a week"), T("未及时上报", "Raised it late"))],
                            [new RecordPlanLine(T("提升沟通", "Communicate better"), T("每周同步进展", "Weekly progress notes"), "2027-03-31", T("每月一对一", "Monthly one-to-ones"))],
                            [new BestLine(T("主动复盘", "Ran a retrospective"), T("团队少犯同类错误", "Fewer repeated mistakes"), T("形成文档", "Write it down"), T("感谢担当", "Thanks for owning it"))],
                            4,
                            T("超出预期", "Exceeded expectations"),
                            true,
                            T("认可", "Agreed")),
                        new HistoryIdp(T("成为架构师", "Become an architect"), T("高级工程师", "Senior engineer"), [new IdpActionLine(T("系统设计", "System design"), T("主导一次设计评审", "Lead a design review"), T("参加架构课程", "Take the architecture course"), "2027-06-30")], T("同意", "Agreed")),
                        new HistoryPip(T("交付延期", "Late deliveries"), "2027-01-01", "2027-03-31", [new PipGoalLine(T("按期交付", "Deliver on time"), T("迭代准时率", "Sprint on-time rate"), "90%", "2027-03-31")], [new PipSupportLine(T("每周辅导", "Weekly coaching"), "2027-03-31")]),
                        new HistoryKpi("2026-Q4", [Kpi(T)], T("同意", "Agreed"), string.Empty),
                        [CheckIn(T)],
                        Feedback360(T),
                        Feedback(T))
                    {
                        Plan = [new HistoryPlanLine(T("个人发展计划", "Individual development plan"), T("参加架构课程", "Take the architecture course"), "2027-06-30", string.Empty, [new LabelledText(T("行动", "Action"), T("参加架构课程", "Take the architecture course"))])],
                        Forms = [new HistoryForm(T("员工自评", "Self-review"), [new LabelledText(T("本期亮点", "Highlights"), T("主导结算服务重构", "Led the billing rewrite"))])],
                    },
                ]).ToScriptObject(),
            _ => throw new ArgumentException($"no sample model for report {key}", nameof(key)),
        };
    }

    private static GoalLine Goal(Func<string, string, string> t) =>
        new(t("发布新版结算服务", "Ship the new billing service"), t("按期上线，故障率下降 40%", "Live on time, 40% fewer incidents"), 4)
        {
            Parts = [new LabelledText(t("目标", "Goal"), t("发布新版结算服务", "Ship the new billing service")), new LabelledText(t("结果", "Result"), t("按期上线，故障率下降 40%", "Live on time, 40% fewer incidents"))],
        };

    private static KpiLine Kpi(Func<string, string, string> t) =>
        new(t("线上故障数", "Production incidents"), t("每季度 P1/P2 故障数", "P1/P2 incidents per quarter"), "2", t("次", "count"), 30, t("越低越好", "lower is better"), "3", 67, t("9 月一次数据库故障", "One database outage in September"));

    private static CheckInLine CheckIn(Func<string, string, string> t) => new(
        "2026-11",
        [new CheckInGoal(t("结算服务上线", "Billing service live"), 80, t("正常", "on track"))],
        [new PlanActionStatus(t("每周同步进展", "Weekly progress notes"), "in-progress", t("进行中", "in progress"))],
        t("测试环境不稳定", "Unstable test environment"),
        t("完成压测", "Finish load tests"),
        t("继续保持", "Keep it up"))
    {
        ActionMarks = [new ActionMark(t("结算服务上线", "Billing service live"), "at-risk", t("有风险", "at risk"), t("压测排期偏紧", "Load tests are tight"))],
    };

    private static FeedbackAggregate Feedback360(Func<string, string, string> t) =>
        new(false, 3, false, [new MeanLine(t("沟通", "Communication"), 4.3)], [new TextsLine(t("优点", "Strengths"), [t("乐于助人", "Helpful")])]);

    private static FeedbackLogLine Feedback(Func<string, string, string> t) => new(
        t("2026年11月20日 10:00", "20 Nov 2026 10:00"), t("表扬", "praise"), t("结算服务上线", "Billing service live"), t("周末值守上线", "Stayed for the weekend launch"), t("零故障", "No incidents"), string.Empty, t("谢谢", "Thank you"), true);
}
