using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The annual review the product ships (samples/processes/annual-review.json): its steps as the task pages title them,
/// and the parts of its forms a person fills in the same way each time.
/// </summary>
internal static class AnnualReview
{
    public const string TitleZh = "年度绩效评估";
    public const string SelfReviewZh = "员工自评";
    public const string SelfReviewEn = "Self-review";
    public const string PreparationZh = "面谈准备（三三原则）";
    public const string RecordZh = "绩效面谈记录";
    public const string RecordEn = "Interview record";
    public const string ConfirmationZh = "双方确认面谈记录";
    public const string ConfirmationEn = "Both confirm the record";

    /// <summary>
    /// The manager's 3-3 preparation (in Chinese): two items of the checklist ticked (not 已预约面谈, which asks for the
    /// meeting's time), then three strengths, three gaps and three support actions, about <paramref name="employee"/>.
    /// </summary>
    public static async Task FillPreparationAsync(IPage page, string employee)
    {
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "已回顾目标与 KPI 完成情况" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "已向员工推送自评表和工作成果清单" }).CheckAsync();
        await Controls.FillEachAsync(page, "结果", "迁移按期完成", "值班告警减少一半", "文档齐全");
        await Controls.FillEachAsync(page, "行为", $"{employee}主动拆分迁移步骤", "逐条清理无效告警", "每周更新操作手册");
        await Controls.FillEachAsync(page, "具体事件", "灰度方案评审准备不足", "一次变更未提前通知测试", "周报常常延后");
        await Controls.FillEachAsync(page, "造成的影响", "评审开了两次", "回归测试延后一天", "进度不透明");
        await Controls.FillEachAsync(page, "支持措施", "参加架构评审培训", "与测试团队约定变更流程", "安排导师带教");
        await Controls.FillEachAsync(page, "负责人", "郑浩", employee, "吴静");
        await Controls.FillEachAsync(page, "完成日期", "2027-03-31", "2027-01-31", "2027-02-28");
    }

    /// <summary>
    /// The manager's part of the interview record (in Chinese): one item of feedback in the BEST form, and the overall
    /// rating.
    /// </summary>
    public static async Task GiveFeedbackAsync(IPage page, int rating)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "添加一项：反馈要点（BEST）" }).ClickAsync();
        await Controls.FillAsync(
            page,
            ("行为（B）", "迁移前把每一步写成了检查单"),
            ("影响（E）", "迁移当晚零回滚"),
            ("建议（S）", "下次把检查单分享给其他小组"),
            ("感谢/信任（T）", "谢谢，下一次迁移也交给你"));
        await Controls.SetRatingAsync(SignIn.Field(page, "综合评分"), rating);
        await Expect(SignIn.Field(page, "综合评分").Locator(".ant-form-item-explain-error")).ToHaveCountAsync(0);
    }
}
