using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// A confirmation (双方确认) in the browser: a small process the HRBP 赵敏 (E004)
/// publishes — the employee's self-review, then the employee and the manager 郑浩 (E022) both confirm it, either of them
/// may return it to the self-review. 蒋涛 (E025) and 郑浩 confirm his; 郑浩 returns 韩梅's (E026) with a reason, which
/// she reads on the self-review it went back to. Every dialog in Chinese.
/// Over SQLite only, as the pages run by default: what they read is stored alike over PostgreSQL (the storage and
/// API tests run over both, as do the acceptance scenarios in the browser).
/// </summary>
public sealed class ConfirmationTests() : PagesFixture("sqlite")
{
    private const string Hrbp = "E004";
    private const string Manager = "E022";
    private const string Confirming = "E025";
    private const string Returned = "E026";
    private const string Step = "双方确认自评";

    private HostApi? api;
    private string cycleId = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        api = new HostApi(Host.Address);
        await api.PublishAsync(Hrbp, Definition());
        cycleId = "confirm-" + Kind;
        await api.LaunchCycleAsync(await api.TokenAsync(Hrbp), cycleId, "self-and-confirm", Host.Clock.GetUtcNow(), new JsonObject { ["personIds"] = new JsonArray(Confirming, Returned) });

        // Both self-reviews are in: the record waits for the confirmations.
        foreach (var person in new[] { Confirming, Returned })
        {
            var task = (await Host.OpenTasksAsync(person)).Single(t => t.CycleId == cycleId);
            await api.SubmitAsync(person, task.Id, TemplateExamples.Data("self-review", "valid-annual-rating-5"));
        }
    }

    [OneTimeTearDown]
    public void StopApi()
    {
        api?.Dispose();
    }

    [Test]
    public async Task The_manager_and_the_employee_each_confirm_the_record_in_a_dialog_and_the_process_ends()
    {
        // The manager, on a desktop: the record read-only, 退回 and 确认; the dialog names the person and the step.
        await using var desktop = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var manager = desktop.Page;
        await manager.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(manager, "郑浩");
        await Reviewing.TaskLink(manager, Step, "蒋涛").ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Name = Step, Level = 1 })).ToBeVisibleAsync();
        await Expect(manager.GetByLabel("实际结果", new() { Exact = true }).First).ToHaveValueAsync("签约 1,150 万元，完成 115%，其中新行业客户贡献 260 万元");
        await Expect(manager.GetByRole(AriaRole.Button, new() { Name = "退回", Exact = true })).ToBeVisibleAsync();
        // The record is read as it is: no list offers to add, move or remove an item.
        await Expect(manager.GetByRole(AriaRole.Button, new() { Name = "添加一项" })).ToHaveCountAsync(0);
        await Expect(manager.GetByRole(AriaRole.Button, new() { Name = "删除此项" })).ToHaveCountAsync(0);
        await desktop.CheckAlsoAtAsync("1-manager-opens", Screen.Phone);
        await manager.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        var dialog = manager.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText("确认", new() { Exact = true }).First).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync($"确认 蒋涛 的「{Step}」内容无误？确认后不能撤回。");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "取消" })).ToBeVisibleAsync();
        await desktop.CheckAlsoAtAsync("2-confirm-dialog", Screen.Phone);

        // 取消 leaves the task as it was.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await manager.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Status).Filter(new() { HasText = "已确认" })).ToBeVisibleAsync();
        await Expect(Reviewing.TaskLink(manager, Step, "蒋涛")).ToHaveCountAsync(0);
        await desktop.CheckAsync("3-manager-confirmed");

        // The employee, on a phone, confirms his part: nothing is left open, the confirmation is among his done tasks.
        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var employee = phone.Page;
        await employee.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(employee, "蒋涛");
        await Reviewing.TaskLink(employee, Step).ClickAsync();
        await Expect(employee.GetByRole(AriaRole.Heading, new() { Name = Step, Level = 1 })).ToBeVisibleAsync();
        await employee.GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await Expect(employee.GetByRole(AriaRole.Dialog)).ToContainTextAsync($"确认 蒋涛 的「{Step}」内容无误？确认后不能撤回。");
        await phone.CheckAlsoAtAsync("4-employee-confirm-dialog", Screen.Desktop);
        await employee.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "确认", Exact = true }).ClickAsync();
        await Expect(employee.GetByRole(AriaRole.Status).Filter(new() { HasText = "已确认" })).ToBeVisibleAsync();
        await Expect(employee.Locator("#tab-open")).ToHaveTextAsync("待办 0");
        await employee.GotoAsync("/tasks?tab=done");
        await Expect(Reviewing.TaskLink(employee, Step)).ToBeVisibleAsync();
        await phone.CheckAlsoAtAsync("5-employee-done", Screen.Desktop);
        Assert.That(await Host.OpenTasksAsync(Confirming), Is.Empty, "the process ended");
        Assert.That(desktop.Problems.Concat(phone.Problems), Is.Empty);
    }

    [Test]
    public async Task The_manager_returns_the_record_with_a_reason_and_the_employee_reads_it_on_her_self_review()
    {
        await using var desktop = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var manager = desktop.Page;
        await manager.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(manager, "郑浩");
        await Reviewing.TaskLink(manager, Step, "韩梅").ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Name = Step, Level = 1 })).ToBeVisibleAsync();

        // The return dialog: who and what, a reason required; a confirmation takes no comments on fields.
        await manager.GetByRole(AriaRole.Button, new() { Name = "退回", Exact = true }).ClickAsync();
        var dialog = manager.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"将 韩梅 的「{Step}」退回修改。对方会收到退回原因。");
        await Expect(dialog).Not.ToContainTextAsync("字段意见");
        await Expect(dialog.GetByLabel("退回原因")).ToBeFocusedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认退回" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToHaveTextAsync("请填写退回原因。");
        await desktop.CheckAlsoAtAsync("1-reason-missing", Screen.Phone);
        await dialog.GetByLabel("退回原因").FillAsync("回款逾期的原因请写得更具体");
        await desktop.CheckAlsoAtAsync("2-return-dialog", Screen.Phone);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认退回" }).ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Status).Filter(new() { HasText = "已退回" })).ToBeVisibleAsync();
        await Expect(Reviewing.TaskLink(manager, Step, "韩梅")).ToHaveCountAsync(0);

        // 韩梅, on a phone: her confirmation is gone, her self-review is back with the reason, her answers kept.
        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var employee = phone.Page;
        await employee.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(employee, "韩梅");
        await Expect(employee.Locator("#tab-open")).ToHaveTextAsync("待办 1");
        await Expect(Reviewing.TaskLink(employee, Step)).ToHaveCountAsync(0);
        await Reviewing.TaskLink(employee, "员工自评").ClickAsync();
        var returns = employee.GetByRole(AriaRole.Region, new() { Name = "已被退回，请修改后重新提交" });
        await Expect(returns).ToContainTextAsync("第 1 轮 · 郑浩");
        await Expect(returns).ToContainTextAsync("退回原因：回款逾期的原因请写得更具体");
        await Expect(employee.GetByLabel("遇到的困难与原因")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Q3 一笔回款逾期"));
        await phone.CheckAlsoAtAsync("3-employee-returned", Screen.Desktop);
        Assert.That(desktop.Problems.Concat(phone.Problems), Is.Empty);
    }

    /// <summary>The employee's self-review, then both confirm it; either may return it to the self-review.</summary>
    private static JsonObject Definition() => JsonNode.Parse($$"""
        {
          "key": "self-and-confirm",
          "title": { "zh-CN": "自评与双方确认", "en": "Self-review, both confirm" },
          "forms": { "self": "self-review" },
          "start": "self",
          "steps": {
            "self": {
              "kind": "form",
              "title": { "zh-CN": "员工自评", "en": "Self-review" },
              "form": "self",
              "assignee": "subject",
              "write": ["basics", "results", "reflection", "overall"],
              "due": { "from": "cycle-start", "after": "P14D" },
              "next": "confirm"
            },
            "confirm": {
              "kind": "confirmation",
              "title": { "zh-CN": "{{Step}}", "en": "Both confirm the self-review" },
              "form": "self",
              "parties": [
                { "assignee": "subject", "read": "*", "write": [] },
                { "assignee": "manager", "read": "*", "write": [] }
              ],
              "due": { "after": "P3D" },
              "returnTo": "self",
              "next": "end"
            },
            "end": { "kind": "end" }
          }
        }
        """)!.AsObject();
}
