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
                [new GoalLine(T("发布新版结算服务", "Ship the new billing service"), T("按期上线，故障率下降 40%", "Live on time, 40% fewer incidents"), 4)],
                SelfRating: 4,
                T("主导结算服务重构", "Led the billing rewrite"),
                T("跨团队协调耗时", "Cross-team coordination took long"),
                T("希望有架构评审支持", "Architecture review support"),
                T("提升系统设计能力", "Grow in system design"),
                "2026-Q4",
                [new KpiLine(T("线上故障数", "Production incidents"), T("每季度 P1/P2 故障数", "P1/P2 incidents per quarter"), "2", T("次", "count"), 30, T("越低越好", "lower is better"))],
                [new CheckInLine("2026-11", [new CheckInGoal(T("结算服务上线", "Billing service live"), 80, T("正常", "on track"))], T("测试环境不稳定", "Unstable test environment"), T("完成压测", "Finish load tests"), T("继续保持", "Keep it up"))],
                LastRating: 3,
                T("达到预期，沟通有提升空间", "Met expectations; communication can improve"),
                [new PlanLine(T("提升沟通", "Communicate better"), T("每周同步进展", "Weekly progress notes"), "2026-06-30")],
                [new PromptLine(T("按期交付", "Delivered on time"), T("提前识别风险", "Spotted risks early")), new PromptLine(string.Empty, string.Empty), new PromptLine(string.Empty, string.Empty)],
                [new PromptLine(T("文档不足", "Thin documentation"), T("未写设计说明", "No design notes")), new PromptLine(string.Empty, string.Empty), new PromptLine(string.Empty, string.Empty)]).ToScriptObject(),
            ReportTemplates.FollowUp => new FollowUpModel(
                language,
                T("李强", "Li Qiang"),
                T("2026年12月17日 09:00", "17 Dec 2026 09:00"),
                [
                    new FollowUpAction(T("刘洋", "Liu Yang"), "IDP", T("完成架构课程", "Finish the architecture course"), T("2027年1月15日", "15 Jan 2027"), 29, "open", T("进行中", "open")),
                    new FollowUpAction(T("陈静", "Chen Jing"), "PIP", T("按期交付迭代", "Ship each sprint on time"), T("2026年12月20日", "20 Dec 2026"), 3, "due-soon", T("即将到期", "due soon")),
                ]).ToScriptObject(),
            _ => throw new ArgumentException($"no sample model for report {key}", nameof(key)),
        };
    }
}
