using System.Text.Json.Nodes;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Api.Tests;

/// <summary>
/// The manager's follow-up of a check-in over HTTP, in the shipped improvement plan of 李娜 (E012), whose manager is
/// 张伟 (E011) and HRBP 赵敏 (E004): the plan is agreed through the engine, the check-in is handed in and read over the API.
/// </summary>
public sealed class CheckInFollowUpApiTests(string kind) : ApiTest(kind)
{
    private const string Employee = "E012";
    private const string Manager = "E011";
    private const string Hrbp = "E004";

    [Test]
    public async Task The_managers_follow_up_shows_the_goals_as_marks_to_set_and_the_employee_cannot_open_it()
    {
        var runtime = new ProcessRuntime(Db, Host.Clock);
        await runtime.StartAsync("performance-improvement", Employee, Hrbp);
        Done(await runtime.SubmitAsync(await OpenTaskAsync(Manager, "plan"), Manager, Only(Example("improvement-plan", "valid-collection-rate-pip"), "background", "period_start", "period_end", "checkpoint_frequency", "result_goals", "behavior_changes", "manager_support")));
        Done(await runtime.ApproveAsync(await OpenTaskAsync(Hrbp, "hr-check"), Hrbp));
        Done(await runtime.ConfirmAsync(await OpenTaskAsync(Employee, "confirm"), Employee, new JsonObject { ["employee_confirmed"] = true }));
        Done(await runtime.ConfirmAsync(await OpenTaskAsync(Manager, "confirm"), Manager, new JsonObject { ["manager_confirmed"] = true }));
        Host.Clock.Advance(TimeSpan.FromDays(32));
        while (await runtime.FireDueTimersAsync("api-test") > 0)
        {
        }

        using var employee = await SignedIn(Employee);
        using var manager = await SignedIn(Manager);
        var checkIn = await OpenTaskAsync(Employee, "follow-up");
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{checkIn}/submit", new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["month"] = "2027-01",
                ["goals"] = new JsonArray(
                    new JsonObject { ["goal"] = "回款率 ≥ 90%", ["status"] = "at-risk" },
                    new JsonObject { ["goal"] = "新增客户 8 家", ["status"] = "on-track", ["progress_pct"] = 50 }),
                ["next_month_focus"] = "追回宏达的回款",
            },
        }), 200, "the check-in");

        var followUp = await OpenTaskAsync(Manager, "follow-up");
        var task = await GetJson(manager, $"/api/tasks/{followUp}");
        Assert.That(
            task["data"]!["action_marks"]!.AsArray().Select(m => ((string?)m!["goal"], (string?)m["status"])),
            Is.EqualTo(new[] { ("回款率 ≥ 90%", "at-risk"), ("新增客户 8 家", "on-track") }),
            "the goals the employee reported, each with her status, ready to mark");
        Assert.That(task["writable"]!.AsArray().Select(f => (string?)f), Is.EquivalentTo(new[] { "action_marks", "manager_comment" }));
        Assert.That((string?)task["data"]!["next_month_focus"], Is.EqualTo("追回宏达的回款"), "the manager reads this check-in's progress");

        using var peek = await employee.GetAsync($"/api/tasks/{followUp}");
        Assert.That((int)peek.StatusCode, Is.EqualTo(404), "the manager's follow-up is his alone");
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{followUp}/submit", new JsonObject { ["data"] = new JsonObject { ["manager_comment"] = "我自己写" } }), 404);
    }

    private async Task<string> OpenTaskAsync(string person, string step)
    {
        var open = await InTransaction(async w => await TaskStore.OpenForAsync(w, person));
        return open.Single(t => t.Step == step).Id;
    }

    private async Task<T> InTransaction<T>(Func<UnitOfWork, Task<T>> action)
    {
        await using var work = await UnitOfWork.BeginAsync(Db);
        var result = await action(work);
        await work.CommitAsync();
        return result;
    }

    private static void Done(CommandResult result) =>
        Assert.That(result.Status, Is.EqualTo(CommandStatus.Done), () => string.Join("; ", result.Problems.Select(p => $"{p.Pointer} {p.Code} {p.Message.En}")));
}
