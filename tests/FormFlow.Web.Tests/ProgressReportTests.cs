using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// A check-in thread between an employee and her manager, on the shipped 进展汇报 / progress report that the employee
/// starts herself: 李娜 (E012) reports her month on a phone, 张伟 (E011) returns it with a comment on a field, she adds
/// what he asked for, he writes his feedback and accepts it, and she reads his feedback. Over SQLite only, as the pages
/// run by default (docs/decisions/0003); the engine's OnDemandStartTests run the process over both databases.
/// </summary>
public sealed class ProgressReportTests() : PagesFixture("sqlite")
{
    private const string Step = "员工汇报进展，主管反馈";

    [Test]
    public async Task An_employee_reports_her_progress_the_manager_returns_it_with_a_comment_then_accepts_it_with_feedback_she_reads()
    {
        // 李娜 on her phone: 发起 → 进展汇报, for herself, straight onto the report.
        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var employee = phone.Page;
        await employee.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(employee, "李娜");
        await Starting.ForSelfAsync(employee, "进展汇报");
        await Expect(employee.GetByRole(AriaRole.Heading, new() { Name = Step, Level = 1 })).ToBeVisibleAsync();
        await employee.GetByLabel("月份", new() { Exact = true }).FillAsync("2026-11");
        await employee.GetByLabel("目标", new() { Exact = true }).FillAsync("订单服务迁移到新集群");
        await employee.GetByRole(AriaRole.Radio, new() { Name = "有风险" }).CheckAsync();
        await employee.GetByLabel("下月重点", new() { Exact = true }).FillAsync("完成剩余两个服务的迁移和压测");
        await phone.CheckAsync("1-employee-reports");
        await employee.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(employee.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        // 张伟 on his laptop: her report, returned with a comment on the support she needs.
        await using var desktop = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var manager = desktop.Page;
        await manager.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(manager, "张伟");
        await Reviewing.TaskLink(manager, Step, "李娜").ClickAsync();
        await Expect(manager.GetByLabel("下月重点", new() { Exact = true })).ToHaveValueAsync("完成剩余两个服务的迁移和压测");
        await Reviewing.CommentOnFieldAsync(manager, "需要的支持", "有风险的目标需要我帮什么忙？写具体一点");
        await desktop.CheckAsync("2-manager-comments");
        await Reviewing.ReturnAsync(manager, "有风险的目标需要我帮什么忙？写具体一点", "请补充需要的支持");

        // 李娜 reads the comment at its field and adds the support she needs.
        await employee.GotoAsync("/tasks");
        await Reviewing.TaskLink(employee, Step).ClickAsync();
        await Expect(employee.GetByText("有风险的目标需要我帮什么忙？写具体一点").First).ToBeVisibleAsync();
        await employee.GetByLabel("需要的支持", new() { Exact = true }).FillAsync("请协调测试组下周安排两天压测窗口");
        await phone.CheckAsync("3-employee-revises");
        await employee.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(employee.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        // 张伟 writes his feedback and accepts the report.
        await manager.GotoAsync("/tasks");
        await Reviewing.TaskLink(manager, Step, "李娜").ClickAsync();
        await Expect(manager.GetByLabel("需要的支持", new() { Exact = true })).ToHaveValueAsync("请协调测试组下周安排两天压测窗口");
        await manager.GetByLabel("主管反馈", new() { Exact = true }).FillAsync("压测窗口我来协调，周三前给你答复");
        await Reviewing.ApproveAsync(manager, "李娜", Step, () => desktop.CheckAsync("4-manager-accepts"));

        // She reads his feedback on the report among her done tasks: both rounds are there, the newest first.
        await employee.GotoAsync("/tasks");
        await employee.GetByRole(AriaRole.Tab).Filter(new() { HasText = "已办" }).ClickAsync();
        await Expect(Reviewing.TaskLink(employee, Step)).ToHaveCountAsync(2);
        await phone.CheckAsync("5-employee-done-tasks");
        await Reviewing.TaskLink(employee, Step).First.ClickAsync();
        await Expect(employee.GetByLabel("主管反馈", new() { Exact = true })).ToHaveValueAsync("压测窗口我来协调，周三前给你答复");
        await phone.CheckAsync("6-employee-reads-feedback");
        Assert.That(phone.Problems.Concat(desktop.Problems), Is.Empty);
    }
}
