using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// An employee who does not accept the interview record disputes it (员工有异议) on the shipped annual review, and their
/// HRBP decides. 曹阳 (E027) disputes on a phone; his manager 郑浩 (E022) confirms; 赵敏 (E004), HRBP of 研发中心 and
/// 平台研发部, upholds the assessment with her reasons on a laptop. The way to the confirmation is taken through the API.
/// Over SQLite only, as the pages run by default (the engine's DisputedRecordTests run the route over both databases).
/// </summary>
public sealed class DisputeTests() : PagesFixture("sqlite")
{
    private const string Employee = "E027";
    private const string Manager = "E022";
    private const string HrbpStep = "员工有异议，HRBP 裁定";

    private HostApi? api;

    [OneTimeSetUp]
    public async Task ToTheConfirmationAsync()
    {
        api = new HostApi(Host.Address);
        await Host.LaunchAnnualReviewAsync("dispute-" + Kind, Employee);
        var employee = await api.TokenAsync(Employee);
        var manager = await api.TokenAsync(Manager);

        await api.SubmitAsync(Employee, await api.OnlyOpenTaskAsync(employee), TemplateExamples.Data("self-review", "valid-annual-rating-5"));
        var preparation = TemplateExamples.Data("interview-preparation-333", "valid-sales-manager-prep");
        await api.SubmitAsync(Manager, await api.OnlyOpenTaskAsync(manager), preparation);
        var record = TemplateExamples.Data("interview-record", "valid-developer-rating-4");
        await api.SubmitAsync(Employee, await api.OnlyOpenTaskAsync(employee), TemplateExamples.Only(record, "went_well", "to_improve", "plan"));
        await api.SendAsync(manager, HttpMethod.Post, $"/api/tasks/{await api.OnlyOpenTaskAsync(manager)}/approve", new JsonObject
        {
            ["data"] = TemplateExamples.Only(record, "feedback", "overall_rating", "manager_summary"),
        });
    }

    [OneTimeTearDown]
    public void StopApi()
    {
        api?.Dispose();
    }

    [Test]
    public async Task An_employee_disputes_the_record_on_a_phone_and_the_HRBP_upholds_it_with_reasons_both_can_read()
    {
        // 曹阳, on his phone: ticking 有异议 without a reason is refused at the reason; with it, the record goes on.
        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = phone.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "曹阳");
        await Reviewing.TaskLink(page, AnnualReview.ConfirmationZh).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = AnnualReview.ConfirmationZh, Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "我对评定有异议，提交 HRBP 裁定" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await Expect(SignIn.Field(page, "异议理由").Locator(".ant-form-item-explain-error")).ToContainTextAsync("有异议时请写明理由");
        await phone.CheckAsync("1-dispute-without-reason");

        await page.GetByLabel("异议理由", new() { Exact = true }).FillAsync("评分没有考虑下半年承接的数据库迁移项目");
        await phone.CheckAsync("2-dispute-with-reason");
        await page.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已确认" })).ToBeVisibleAsync();

        var manager = await api!.TokenAsync(Manager);
        await api.SendAsync(manager, HttpMethod.Post, $"/api/tasks/{await api.OnlyOpenTaskAsync(manager)}/confirm", new JsonObject());

        // 赵敏, on her laptop: the dispute and its reason in the record; her decision needs its reasons.
        await using var desktop = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var hrbp = desktop.Page;
        await hrbp.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(hrbp, "赵敏");
        await Reviewing.TaskLink(hrbp, HrbpStep, "曹阳").ClickAsync();
        await Expect(hrbp.GetByRole(AriaRole.Heading, new() { Name = HrbpStep, Level = 1 })).ToBeVisibleAsync();
        await Expect(hrbp.GetByLabel("异议理由", new() { Exact = true })).ToHaveValueAsync("评分没有考虑下半年承接的数据库迁移项目");
        await hrbp.GetByRole(AriaRole.Radio, new() { Name = "维持原评定" }).CheckAsync();
        await hrbp.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(SignIn.Field(hrbp, "裁定说明").Locator(".ant-form-item-explain-error")).ToContainTextAsync("请写明裁定说明");
        await hrbp.GetByLabel("裁定说明", new() { Exact = true }).FillAsync("迁移项目已计入第三季度目标，评分维持 4 分");
        await desktop.CheckAlsoAtAsync("3-hrbp-decides", Screen.Phone);
        await hrbp.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(hrbp.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        // 曹阳 goes on to his development plan; his 已办 keeps the confirmation, and his record shows the decision.
        await page.GotoAsync("/tasks");
        await Expect(Reviewing.TaskLink(page, "个人发展计划")).ToBeVisibleAsync();
        await phone.CheckAsync("4-employee-goes-on");
        Assert.That(phone.Problems.Concat(desktop.Problems), Is.Empty);
    }
}
