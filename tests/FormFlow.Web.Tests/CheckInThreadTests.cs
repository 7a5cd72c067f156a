using System.Text.Json.Nodes;
using FormFlow.Workflows;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// A check-in thread of the shipped improvement plan (issue 15, "both sides follow up"): 李娜 (E012) hands in her
/// month on a phone, her manager 张伟 (E011) opens it with her goals already listed, marks one off track with a note and
/// writes his feedback, and she reads it on her check-in. The plan itself is agreed through the engine (the
/// ImprovementPlanTests run it over both databases); the pages run over SQLite, as by default (docs/decisions/0003).
/// </summary>
public sealed class CheckInThreadTests() : PagesFixture("sqlite")
{
    private const string Step = "定期进展";

    [Test]
    public async Task The_employee_hands_in_a_check_in_the_manager_marks_her_goals_and_writes_feedback_and_she_reads_it()
    {
        await AgreePlanAndOpenFirstCheckInAsync();

        // 李娜 on her phone: her check-in of the month, two goals.
        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var employee = phone.Page;
        await employee.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(employee, "李娜");
        await OpenTaskAsync(employee, Reviewing.TaskLink(employee, Step));
        await employee.GetByLabel("月份", new() { Exact = true }).FillAsync("2027-01");
        await employee.GetByLabel("目标", new() { Exact = true }).FillAsync("回款率提升到 90%");
        await employee.GetByRole(AriaRole.Radio, new() { Name = "有风险" }).CheckAsync();
        await employee.GetByLabel("下月重点", new() { Exact = true }).FillAsync("追回宏达项目的逾期回款");
        await phone.CheckAlsoAtAsync("1-employee-checks-in", Screen.Desktop);
        await employee.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(employee.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        // 张伟 on his laptop: her goal is already listed to mark; he marks it off track, notes why, and gives feedback.
        await using var desktop = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var manager = desktop.Page;
        await manager.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(manager, "张伟");
        await OpenTaskAsync(manager, Reviewing.TaskLink(manager, Step, "李娜"));
        await Expect(manager.GetByLabel("下月重点", new() { Exact = true })).ToHaveValueAsync("追回宏达项目的逾期回款");
        // Her goals come first (read only), his marks after them: the last 目标 and the last status are his.
        await Expect(manager.GetByText("主管对各项目标的判断").First).ToBeVisibleAsync();
        await Expect(manager.GetByLabel("目标", new() { Exact = true }).Last).ToHaveValueAsync("回款率提升到 90%");
        await Expect(manager.GetByRole(AriaRole.Radio, new() { Name = "有风险" }).Last).ToBeCheckedAsync();
        await manager.GetByRole(AriaRole.Radio, new() { Name = "已偏离" }).Last.CheckAsync();
        await manager.GetByLabel("说明", new() { Exact = true }).FillAsync("逾期已超过 60 天，本周一起拜访客户");
        await manager.GetByLabel("主管反馈", new() { Exact = true }).FillAsync("先把宏达的回款追回来，我来约客户");
        await desktop.CheckAlsoAtAsync("2-manager-marks-and-comments", Screen.Phone);
        await manager.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        // 李娜 reads his marks and feedback on her check-in among her done tasks.
        await employee.GotoAsync("/tasks");
        await employee.GetByRole(AriaRole.Tab).Filter(new() { HasText = "已办" }).ClickAsync();
        await Reviewing.TaskLink(employee, Step).First.ClickAsync();
        await Expect(employee.GetByLabel("主管反馈", new() { Exact = true })).ToHaveValueAsync("先把宏达的回款追回来，我来约客户");
        await Expect(employee.GetByRole(AriaRole.Radio, new() { Name = "已偏离" }).Last).ToBeCheckedAsync();
        await Expect(employee.GetByLabel("说明", new() { Exact = true })).ToHaveValueAsync("逾期已超过 60 天，本周一起拜访客户");
        await phone.CheckAlsoAtAsync("3-employee-reads-feedback", Screen.Desktop);
        Assert.That(phone.Problems.Concat(desktop.Problems), Is.Empty);
    }

    // Signed in, a person lands on their task when it is their only one, else on the list with a link to it.
    private static async Task OpenTaskAsync(IPage page, ILocator link)
    {
        var heading = page.GetByRole(AriaRole.Heading, new() { Name = Step, Level = 1 });
        await Expect(link.First.Or(heading)).ToBeVisibleAsync();
        if (!await heading.IsVisibleAsync())
        {
            await link.First.ClickAsync();
        }

        await Expect(heading).ToBeVisibleAsync();
    }

    // The plan drafted by 张伟, checked by the HRBP 赵敏 (E004), confirmed by both a month ago (on a clock of its own:
    // the host's stays at today, where its sign-ins are valid); the first check-in opens now.
    private async Task AgreePlanAndOpenFirstCheckInAsync()
    {
        var monthAgo = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Host.Clock.GetUtcNow().AddDays(-32));
        var runtime = new ProcessRuntime(Host.Db, monthAgo);
        await runtime.StartAsync("performance-improvement", "E012", "E004");
        var plan = TemplateExamples.Only(TemplateExamples.Data("improvement-plan", "valid-collection-rate-pip"), "background", "period_start", "period_end", "checkpoint_frequency", "result_goals", "behavior_changes", "manager_support");
        Done(await runtime.SubmitAsync(await TaskAtAsync("E011", "plan"), "E011", plan));
        Done(await runtime.ApproveAsync(await TaskAtAsync("E004", "hr-check"), "E004"));
        Done(await runtime.ConfirmAsync(await TaskAtAsync("E012", "confirm"), "E012", new JsonObject { ["employee_confirmed"] = true }));
        Done(await runtime.ConfirmAsync(await TaskAtAsync("E011", "confirm"), "E011", new JsonObject { ["manager_confirmed"] = true }));
        monthAgo.Advance(TimeSpan.FromDays(32));
        while (await runtime.FireDueTimersAsync("pages-test") > 0)
        {
        }
    }

    private async Task<string> TaskAtAsync(string person, string step) =>
        (await Host.OpenTasksAsync(person)).Single(t => t.Step == step).Id;

    private static void Done(CommandResult result) =>
        Assert.That(result.Status, Is.EqualTo(CommandStatus.Done), () => string.Join("; ", result.Problems.Select(p => $"{p.Pointer} {p.Code} {p.Message.En}")));
}
