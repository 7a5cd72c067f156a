using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// A review loop in the browser: the HRBP 赵敏 (E004) launches a self-review the
/// manager reviews for Platform Engineering (D210) through the API; the mail the SMTP sink received links each employee
/// to their task. 蒋涛 (E025, Chinese, on a phone) fills it in, is shown a field error, fixes it, sees the draft saved
/// (and kept through a lost connection and a reload), submits; his manager 郑浩 (E022, desktop) returns it with a
/// comment on a field; 蒋涛 sees the reason and the comment beside the field, revises, resubmits; 郑浩 approves and the
/// task shows among his done tasks. 陈思远 (E024, whose locale is English) does a shorter round in English, in which his draft meets a change made elsewhere (409). 蒋涛 did the
/// same review last year, which the task shows beside the form.
/// Over SQLite only, as the pages run by default: what they read is stored alike over PostgreSQL (the storage and
/// API tests run over both, as do the acceptance scenarios in the browser).
/// </summary>
public sealed partial class ReviewLoopTests() : PagesFixture("sqlite")
{
    private protected override RunningHost StartHost(TestDatabase over) => RunningHost.StartWithMail(over);

        private const string Hrbp = "E004";
    private const string Employee = "E025";
    private const string Manager = "E022";
    private const string EnglishEmployee = "E024";
    private const string EnglishManager = "E021";
    private const string LastYearsGoal = "订单服务重构（上一年度）";

    private HostApi? api;
    private string cycleId = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        api = new HostApi(Host.Address);

        // The HRBP publishes the process: the self-review, reviewed by the manager.
        await api.PublishQuickReviewAsync(Hrbp);
        var hrbp = await api.TokenAsync(Hrbp);

        // Last year: 蒋涛's self-review, approved.
        await LaunchAsync(hrbp, "last-year-" + Kind, new JsonObject { ["personIds"] = new JsonArray(Employee) });
        var employee = await api.TokenAsync(Employee);
        var lastYears = await api.OnlyOpenTaskAsync(employee);
        await api.SendAsync(employee, HttpMethod.Post, $"/api/tasks/{lastYears}/submit", new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["cycle"] = "annual",
                ["period"] = "2025",
                ["goal_results"] = new JsonArray(new JsonObject { ["goal"] = LastYearsGoal, ["result"] = "按期完成", ["self_rating"] = 4 }),
                ["overall_rating"] = 4,
            },
        });
        var manager = await api.TokenAsync(Manager);
        await api.SendAsync(manager, HttpMethod.Post, $"/api/tasks/{await api.OnlyOpenTaskAsync(manager)}/approve", new JsonObject());
        Host.Clock.Advance(TimeSpan.FromMinutes(1));

        // This year's, for the employees of Platform Engineering; the mails go out.
        cycleId = "this-year-" + Kind;
        await LaunchAsync(hrbp, cycleId, new JsonObject { ["departmentId"] = "D210", ["roles"] = new JsonArray("employee") });
        await Host.DeliverMailAsync();
    }

    [OneTimeTearDown]
    public void StopApi()
    {
        api?.Dispose();
    }

    [Test]
    public async Task An_employee_revises_his_self_review_after_the_manager_returns_it_with_a_comment_on_a_field_and_the_manager_approves_it()
    {
        var link = await Mailbox.TaskLinkAsync(Host, Employee, cycleId, "【周期启动】");
        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = phone.Page;

        // 1. The link in the mail: sign in, then the task, with last year's goals beside the form (closed on a phone).
        await page.GotoAsync(link);
        await SignIn.AsDemoPersonAsync(page, "蒋涛");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "自评与上级审阅", Level = 1 })).ToBeVisibleAsync();
        var history = page.GetByRole(AriaRole.Complementary, new() { Name = "上期计划与目标" });
        await Expect(history).ToBeVisibleAsync();
        await Expect(history.GetByText(LastYearsGoal)).Not.ToBeVisibleAsync();
        await history.GetByText("上期计划与目标").ClickAsync();
        await Expect(history.GetByText(LastYearsGoal)).ToBeVisibleAsync();
        await Expect(history).ToContainTextAsync("目标与结果");
        await phone.CheckAlsoAtAsync("1-opened", Screen.Desktop);

        // 2. Filled in Chinese; submitted without the overall rating: the browser's check stops it at that field.
        await page.GetByLabel("考核期间").FillAsync("2026");
        await page.GetByLabel("目标", new() { Exact = true }).FillAsync("支付网关迁移");
        await page.GetByLabel("实际结果", new() { Exact = true }).FillAsync("十一月完成迁移");
        await Controls.SetRatingAsync(SignIn.Field(page, "自评分"), 4);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        var overall = SignIn.Field(page, "综合自评");
        await Expect(overall.Locator(".ant-form-item-explain")).ToContainTextAsync("请填写此项。");
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("有 1 处需要修改");
        await Expect(page.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("十一月完成迁移");
        await phone.CheckAlsoAtAsync("2-field-error", Screen.Desktop);

        // 3. Fixed; the draft saves by itself, and says so.
        await Controls.SetRatingAsync(overall, 4);
        var state = page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedAt() });
        await Expect(state).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "提交" })).ToBeInViewportAsync();
        await phone.CheckAlsoAtAsync("3-draft-saved", Screen.Desktop);

        // 4. The connection drops: not saved, said so; it comes back: saved.
        await page.Context.SetOfflineAsync(true);
        await page.GetByLabel("最满意的亮点").FillAsync("带新人完成了迁移");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "未保存—离线" })).ToBeVisibleAsync();
        await phone.ScreenshotAsync("4-offline");
        await page.Context.SetOfflineAsync(false);
        await Expect(state).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // 5. A change the server never got (its requests fail) survives a reload, from the copy on this device, and is
        //    saved when the connection is back.
        await page.RouteAsync("**/api/tasks/*/draft", route => route.AbortAsync());
        await page.GetByLabel("希望获得的支持").FillAsync("需要一台测试服务器");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "未保存—离线" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.GetByLabel("希望获得的支持")).ToHaveValueAsync("需要一台测试服务器");
        await Expect(page.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("十一月完成迁移");
        await Expect(page.GetByLabel("最满意的亮点")).ToHaveValueAsync("带新人完成了迁移");
        // The save the page starts as it unloads is not always held back by the failing route (Chromium may send it
        // after the page's routes are gone), so the server may have the change by now: then nothing needed restoring.
        // When the server does not have it, it did not have it when the page opened either, and the copy on this
        // device is what brought it back — which the page says.
        var taskId = new Uri(page.Url).Segments[^1];
        var onServer = (await api!.SendAsync(await api!.TokenAsync(Employee), HttpMethod.Get, $"/api/tasks/{taskId}", null))!["data"]!.AsObject()
            .Any(member => member.Value is JsonValue value && value.TryGetValue<string>(out var text) && text == "需要一台测试服务器");
        if (!onServer)
        {
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已恢复你在本设备上" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "未保存—离线" })).ToBeVisibleAsync();
        }

        await phone.CheckAlsoAtAsync("5-reloaded", Screen.Desktop);
        await page.UnrouteAllAsync();
        if (!onServer)
        {
            // The restored copy waits for the connection: once it is back, it is saved.
            await page.Context.SetOfflineAsync(true);
            await page.Context.SetOfflineAsync(false);
            await Expect(state).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        else
        {
            // The server has had it since the page unloaded: nothing waits to be saved.
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "未保存" })).ToHaveCountAsync(0);
        }

        // 6. Submitted.
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-open")).ToHaveTextAsync("待办 0");

        // 7. The manager, on a desktop, returns it with a reason and a comment on the result.
        await using var desktop = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var manager = desktop.Page;
        await manager.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(manager, "郑浩");
        await Reviewing.TaskLink(manager, "自评与上级审阅", "蒋涛").ClickAsync();
        await Expect(manager.GetByRole(AriaRole.Heading, new() { Name = "自评与上级审阅", Level = 1 })).ToBeVisibleAsync();
        await Expect(manager.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("十一月完成迁移");
        await Expect(manager.GetByRole(AriaRole.Button, new() { Name = "通过" })).ToBeInViewportAsync();
        await Reviewing.CommentOnFieldAsync(manager, "实际结果", "请写明迁移后的故障率变化");
        await desktop.CheckAlsoAtAsync("7-review", Screen.Phone);
        await Reviewing.ReturnAsync(manager, "请写明迁移后的故障率变化", "结果需要数据支撑", () => desktop.CheckAlsoAtAsync("7-return-dialog", Screen.Phone));

        // 8. The employee: the reason, the round, and the comment beside its field; he revises and resubmits.
        await page.GotoAsync("/tasks");
        await Expect(page.Locator("#tab-open")).ToHaveTextAsync("待办 1");
        await Reviewing.TaskLink(page, "自评与上级审阅").ClickAsync();
        var returns = page.GetByRole(AriaRole.Region, new() { Name = "已被退回，请修改后重新提交" });
        await Expect(returns).ToContainTextAsync("第 1 轮 · 郑浩");
        await Expect(returns).ToContainTextAsync("退回原因：结果需要数据支撑");
        var comment = page.GetByRole(AriaRole.List, new() { Name = "对「实际结果」的意见" });
        await Expect(comment).ToContainTextAsync("郑浩 的意见");
        await Expect(comment).ToContainTextAsync("请写明迁移后的故障率变化");
        var commentBox = await comment.BoundingBoxAsync();
        var resultBox = await page.GetByLabel("实际结果", new() { Exact = true }).BoundingBoxAsync();
        Assert.That(commentBox!.Y - (resultBox!.Y + resultBox.Height), Is.InRange(0, 120), "the comment is right below its field");
        await Expect(page.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("十一月完成迁移");
        await phone.CheckAlsoAtAsync("8-returned", Screen.Desktop);
        await phone.CheckAlsoAtAsync("8-returned", Screen.NarrowPhone);
        await page.GetByLabel("实际结果", new() { Exact = true }).FillAsync("十一月完成迁移，故障率从 0.5% 降到 0.1%");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已提交" })).ToBeVisibleAsync();

        // 9. The manager sees the round and the revision, and approves after confirming.
        await manager.GotoAsync("/tasks");
        await Reviewing.TaskLink(manager, "自评与上级审阅", "蒋涛").ClickAsync();
        await Expect(manager.GetByLabel("实际结果", new() { Exact = true })).ToHaveValueAsync("十一月完成迁移，故障率从 0.5% 降到 0.1%");
        await Expect(manager.GetByRole(AriaRole.Region, new() { Name = "退回记录" })).ToContainTextAsync("结果需要数据支撑");
        await Reviewing.ApproveAsync(manager, "蒋涛", "自评与上级审阅", () => desktop.CheckAlsoAtAsync("9-approve-dialog", Screen.Phone));

        // 10. Done: among the manager's done tasks (已办), and read-only when opened.
        await manager.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^已办") }).ClickAsync();
        var done = Reviewing.TaskLink(manager, "自评与上级审阅", "蒋涛");
        await Expect(done.First).ToContainTextAsync("完成于");
        await desktop.CheckAlsoAtAsync("10-done", Screen.Phone);
        await page.GotoAsync("/tasks?tab=done");
        // Last year's self-review and this year's two submits.
        await Expect(page.Locator("#tab-done")).ToHaveTextAsync("已办 3");
        await Reviewing.TaskLink(page, "自评与上级审阅").First.ClickAsync();
        await Expect(page.GetByText("此任务已完成")).ToBeVisibleAsync();
        await phone.CheckAlsoAtAsync("10-done-employee", Screen.Desktop);
        Assert.That(phone.Problems.Concat(desktop.Problems), Is.Empty);
    }

    [Test]
    public async Task An_employee_whose_language_is_english_revises_a_returned_self_review_in_english()
    {
        var link = await Mailbox.TaskLinkAsync(Host, EnglishEmployee, cycleId, "Review cycle launched:");
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop, locale: "en-GB");
        var page = tab.Page;

        await page.GotoAsync(link);
        await SignIn.AsDemoPersonAsync(page, "Steven Chen");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Self-review and the manager's review", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Period").FillAsync("2026");
        await page.GetByLabel("Goal", new() { Exact = true }).FillAsync("Move the build to the new cluster");
        await page.GetByLabel("Result", new() { Exact = true }).FillAsync("Done in November");
        await Controls.SetRatingAsync(SignIn.Field(page, "Self-rating"), 3);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex(@"^Saved \d{2}:\d{2}$") })).ToBeVisibleAsync();

        // Meanwhile the draft is saved from another device: this page's next save is refused (409). What was typed
        // stays, on the page and on this device, until the person reloads the task keeping it.
        var employee = await api!.TokenAsync(EnglishEmployee);
        var taskId = (await Host.OpenTasksAsync(EnglishEmployee)).Single(t => t.CycleId == cycleId).Id;
        var version = (int)(await api!.SendAsync(employee, HttpMethod.Get, $"/api/tasks/{taskId}", null))!["task"]!["version"]!;
        await api!.SendAsync(employee, HttpMethod.Put, $"/api/tasks/{taskId}/draft", new JsonObject { ["data"] = new JsonObject { ["cycle"] = "annual", ["period"] = "2025" } }, ifMatch: $"\"{version}\"");
        await page.GetByLabel("Highlights").FillAsync("Moved 40 services");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Not saved — the task has changed" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("Someone else, or another window, changed this task");
        await Expect(page.GetByLabel("Highlights")).ToHaveValueAsync("Moved 40 services");
        Assert.That(await page.EvaluateAsync<bool>("Object.keys(localStorage).some(k => k.startsWith('formflow.draft.'))"), Is.True, "the copy on this device is kept");
        await tab.CheckAlsoAtAsync("0-conflict", Screen.Phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "Reload and keep my draft" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex(@"^Saved \d{2}:\d{2}$") })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Period")).ToHaveValueAsync("2026");
        await Expect(page.GetByLabel("Highlights")).ToHaveValueAsync("Moved 40 services");
        var saved = await api!.SendAsync(employee, HttpMethod.Get, $"/api/tasks/{taskId}", null);
        Assert.That(((string?)saved!["data"]!["period"], (string?)saved["data"]!["highlights"]), Is.EqualTo(("2026", "Moved 40 services")), "what was typed is the draft now");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(SignIn.Field(page, "Overall self-rating").Locator(".ant-form-item-explain")).ToContainTextAsync("Fill in this field.");
        await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("1 field needs changing");
        await tab.CheckAlsoAtAsync("1-field-error", Screen.Phone);
        await Controls.SetRatingAsync(SignIn.Field(page, "Overall self-rating"), 3);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Submitted" })).ToBeVisibleAsync();

        // The manager returns it (through the API), with a comment on the result.
        var manager = await api!.TokenAsync(EnglishManager);
        await api!.SendAsync(manager, HttpMethod.Post, $"/api/tasks/{await api!.OnlyOpenTaskAsync(manager)}/return", new JsonObject
        {
            ["reason"] = "Say what changed for the team",
            ["comments"] = new JsonArray(new JsonObject { ["field"] = "/goal_results/0/result", ["body"] = "How much faster are the builds?" }),
        });

        await page.GotoAsync("/tasks");
        await page.GetByRole(AriaRole.Link).Filter(new() { HasText = "Self-review and the manager's review" }).ClickAsync();
        var returns = page.GetByRole(AriaRole.Region, new() { Name = "Returned: revise and submit again" });
        await Expect(returns).ToContainTextAsync("Round 1 · returned by Jing Wu");
        await Expect(returns).ToContainTextAsync("Reason: Say what changed for the team");
        var comment = page.GetByRole(AriaRole.List, new() { Name = "Comments on \"Result\"" });
        await Expect(comment).ToContainTextAsync("Jing Wu commented");
        await Expect(comment).ToContainTextAsync("How much faster are the builds?");
        await tab.CheckAlsoAtAsync("2-returned", Screen.Phone);
        await page.GetByLabel("Result", new() { Exact = true }).FillAsync("Done in November; builds take 6 minutes instead of 20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Submitted" })).ToBeVisibleAsync();
        await Expect(page.Locator("#tab-done")).ToHaveTextAsync("Done 2");
        Assert.That(tab.Problems, Is.Empty);
    }

    private async Task LaunchAsync(string token, string id, JsonObject population)
    {
        var starts = Host.Clock.GetUtcNow();
        await api!.SendAsync(token, HttpMethod.Post, "/api/cycles", new JsonObject
        {
            ["cycleId"] = id,
            ["name"] = id,
            ["processKey"] = QuickReview.Key,
            ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = population,
        });
    }

    [GeneratedRegex(@"^已保存 \d{2}:\d{2}$")]
    private static partial Regex SavedAt();
}
