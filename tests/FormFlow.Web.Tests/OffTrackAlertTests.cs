using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// An employee marks a goal off track and her manager hears at once: 李娜 (E012) reports her month on the shipped
/// 进展汇报 / progress report from her phone with one goal 已偏离; 张伟 (E011) gets a 【偏离提醒】 mail naming the goal,
/// with a suggested conversation and a link to his review of her report, which he opens on his laptop. Over SQLite only, as the pages
/// run by default; the engine's PlanAlertTests run the alerts over both databases.
/// </summary>
public sealed class OffTrackAlertTests() : PagesFixture("sqlite")
{
    private const string Goal = "支付网关切换到新供应商";

    private protected override RunningHost StartHost(TestDatabase over) => RunningHost.StartWithMail(over);

    [Test]
    public async Task A_goal_reported_off_track_sends_the_manager_an_alert_with_a_suggested_conversation_and_a_link_to_the_report()
    {
        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var employee = phone.Page;
        await employee.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(employee, "李娜");
        await Starting.ForSelfAsync(employee, "进展汇报");
        await employee.GetByLabel("月份", new() { Exact = true }).FillAsync("2026-11");
        await employee.GetByLabel("目标", new() { Exact = true }).FillAsync(Goal);
        await employee.GetByRole(AriaRole.Radio, new() { Name = "已偏离" }).CheckAsync();
        await employee.GetByLabel("遇到的障碍", new() { Exact = true }).FillAsync("新供应商的测试环境迟迟未开通");
        await employee.GetByLabel("下月重点", new() { Exact = true }).FillAsync("先完成沙箱联调");
        await phone.CheckAsync("1-employee-marks-off-track");
        await employee.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(employee.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        await Host.DeliverMailAsync();
        var alert = await Mailbox.FindAsync(
            m => m.Subject?.StartsWith("【偏离提醒】李娜", StringComparison.Ordinal) == true && m.TextBody?.Contains(Host.Address + "/tasks/", StringComparison.Ordinal) == true,
            "the off-track alert to 张伟 from this host");
        Assert.That(alert.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { "wei.zhang@example.com" }), "the manager alone: she handed it in");
        Assert.That(alert.TextBody, Does.Contain("- " + Goal).And.Contain("建议约一次 15 分钟的谈话"));
        var link = System.Text.RegularExpressions.Regex.Match(alert.TextBody, @"https?://\S+/tasks/\S+").Value;
        Assert.That(link, Does.StartWith(Host.Address + "/tasks/"), "his own review of her report");

        await using var desktop = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var manager = desktop.Page;
        await manager.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(manager, "张伟");
        await manager.GotoAsync(link);
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Name = "员工汇报进展，主管反馈", Level = 1 })).ToBeVisibleAsync();
        // Her goal as she wrote it, and again as the first of his marks, listed for him.
        await Expect(manager.GetByLabel("目标", new() { Exact = true }).First).ToHaveValueAsync(Goal);
        await Expect(manager.GetByLabel("目标", new() { Exact = true }).Last).ToHaveValueAsync(Goal);
        await Expect(manager.GetByLabel("遇到的障碍", new() { Exact = true })).ToHaveValueAsync("新供应商的测试环境迟迟未开通");
        await desktop.CheckAsync("2-manager-opens-the-report-from-the-alert");
        Assert.That(phone.Problems.Concat(desktop.Problems), Is.Empty);
    }
}
