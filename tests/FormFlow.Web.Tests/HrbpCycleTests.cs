using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The HRBP's pages: 赵敏 (E004), HRBP of R&amp;D (D200, 19 people with Platform
/// Engineering below it), launches the annual review for R&amp;D with the wizard and follows it on the dashboard while
/// 李娜 (E012) submits her self-review through the API; an employee is refused these pages.
/// Over SQLite only, as the pages run by default: what they read is stored alike over PostgreSQL (the storage and
/// API tests run over both, as do the acceptance scenarios in the browser).
/// </summary>
public sealed class HrbpCycleTests() : PagesFixture("sqlite")
{
    [Test]
    public async Task The_hrbp_launches_the_annual_review_for_a_department_with_the_wizard_and_watches_it_change_on_the_dashboard()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await LaunchWizard.OpenAsync(page);

        // 1 流程: a published process; the name follows it until typed over.
        var name = $"研发中心 年度绩效 ({Kind})";
        await LaunchWizard.ChooseProcessAsync(page, "年度绩效评估", name);
        await tab.CheckAsync("wizard-process");
        await LaunchWizard.NextAsync(page);

        // 2 人员范围: the department; the count of people and the finding of the dry run, live.
        await Expect(page.GetByText("选择人员范围后，这里会显示将为多少人创建任务。")).ToBeVisibleAsync();
        await LaunchWizard.ChooseDepartmentAsync(page, "研发中心");
        await Expect(LaunchWizard.LiveCount(page)).ToHaveTextAsync("19");
        await Expect(page.GetByText("人将收到任务")).ToBeVisibleAsync();
        await Expect(LaunchWizard.Findings(page)).ToContainTextAsync("1 人没有隔级上级（刘洋）");
        await tab.CheckAsync("wizard-population");

        // Only managers: the count follows.
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "经理" }).CheckAsync();
        await Expect(LaunchWizard.LiveCount(page)).ToHaveTextAsync("5");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "经理" }).UncheckAsync();
        await Expect(LaunchWizard.LiveCount(page)).ToHaveTextAsync("19");
        await LaunchWizard.NextAsync(page);

        // 3 时间, 4 确认.
        await Expect(page.GetByLabel("开始日期")).ToBeVisibleAsync();
        await LaunchWizard.NextAsync(page);
        await Expect(page.Locator(".launch-summary")).ToContainTextAsync(name);
        await Expect(page.Locator(".launch-summary")).ToContainTextAsync("研发中心");
        await tab.CheckAsync("wizard-confirm");
        Assert.That(await CountAsync("SELECT COUNT(*) FROM cycles"), Is.EqualTo(0), "the previews wrote no cycle");

        // The dashboard: the launch said, the figures, the charts by department and by manager.
        var cycleId = await LaunchWizard.LaunchAsync(page, 19);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(Dashboard.Figure(page, "人数")).ToContainTextAsync("19");
        await Expect(Dashboard.Figure(page, "完成率")).ToContainTextAsync("0%");
        await Expect(page.Locator(".chart canvas")).ToHaveCountAsync(2);
        await Expect(page.GetByText("没有逾期的任务。")).ToBeVisibleAsync();
        await tab.CheckAsync("dashboard");

        // A day past the self-reviews' due date, every self-review is overdue (signed in afresh: the token expired).
        var due = (await Host.OpenTasksAsync("E012")).Single().DueAt!.Value;
        Host.Clock.SetUtcNow(due.AddDays(1));
        await page.ReloadAsync();
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(Dashboard.Figure(page, "逾期任务")).ToContainTextAsync("19");
        var overdue = page.Locator(".overdue-list");
        await overdue.GetByRole(AriaRole.Button, new() { Name = "显示全部 19 人" }).ClickAsync();
        await Expect(overdue.Locator(".overdue-who").Filter(new() { HasTextRegex = new Regex("^李娜") })).ToHaveCountAsync(1);
        await Expect(overdue).ToContainTextAsync("逾期 1 天");

        // 李娜 submits through the API; 刷新 shows it: one overdue task fewer, she is no longer listed.
        await SubmitSelfReviewAsync("E012");
        await page.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
        await Expect(Dashboard.Figure(page, "逾期任务")).ToContainTextAsync("18");
        await Expect(overdue.Locator(".overdue-who").Filter(new() { HasTextRegex = new Regex("^李娜") })).ToHaveCountAsync(0);
        await tab.CheckAsync("dashboard-refreshed");

        // The reports: the HTML in a sandboxed frame, a table as CSV.
        await page.GetByRole(AriaRole.Button, new() { Name = "查看进度报表" }).ClickAsync();
        await Expect(page.FrameLocator("iframe.report-frame").Locator("body")).ToContainTextAsync(name);
        await Expect(page.Locator("iframe.report-frame")).ToHaveAttributeAsync("sandbox", "");
        await page.Keyboard.PressAsync("Escape");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "CSV" }).ClickAsync());
        Assert.That(download.SuggestedFilename, Is.EqualTo($"cycle-progress-{cycleId}-departments.csv"));
        Assert.That(await File.ReadAllTextAsync(await download.PathAsync()), Does.Contain("研发中心"));

        // 延长: a week later, confirmed in a dialog, sent with the version read.
        var endsBefore = await ScalarAsync<long>("SELECT ends_at FROM cycles WHERE id = @Id", cycleId);
        await page.GetByRole(AriaRole.Button, new() { Name = "延长" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("延长后，所有未完成任务的截止时间随之顺延");
        await tab.CheckAsync("extend");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认延长" }).ClickAsync();
        await Expect(page.GetByText(new Regex("已延长至 .+，\\d+ 个任务的截止时间已顺延。"))).ToBeVisibleAsync();
        await Expect(dialog).ToBeHiddenAsync();
        Assert.That(await ScalarAsync<long>("SELECT ends_at FROM cycles WHERE id = @Id", cycleId), Is.GreaterThan(endsBefore));

        // Someone else changed it while the dialog was open: the dialog says so and nothing is done, even once the
        // page's every-30-seconds read has fetched the change behind it (what is confirmed is what was seen).
        var asOf = page.Locator(".cycle-asof");
        await Expect(asOf).ToHaveTextAsync(new Regex("^更新于 "));
        var read = Regex.Match(await asOf.InnerTextAsync(), "\\d+:\\d+:\\d+").Value;
        await page.GetByRole(AriaRole.Button, new() { Name = "关闭" }).First.ClickAsync();
        await Expect(dialog).ToBeVisibleAsync();
        await ExecuteAsync("UPDATE cycles SET ends_at = ends_at + 1000 WHERE id = @Id", cycleId);
        await Expect(asOf).ToHaveTextAsync(new Regex($"^更新于 (?!{Regex.Escape(read)})"), new() { Timeout = 45_000 });
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认关闭" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("周期刚被他人修改过");
        Assert.That(await ScalarAsync<string>("SELECT status FROM cycles WHERE id = @Id", cycleId), Is.EqualTo("open"));

        // 重新读取 closes the dialog and reads the cycle again: a command opened after it goes through.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "重新读取" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(asOf).ToHaveTextAsync(new Regex("^更新于 "));
        var endsRead = await ScalarAsync<long>("SELECT ends_at FROM cycles WHERE id = @Id", cycleId);
        await page.GetByRole(AriaRole.Button, new() { Name = "延长" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确认延长" }).ClickAsync();
        await Expect(page.GetByText(new Regex("已延长至 .+，\\d+ 个任务的截止时间已顺延。"))).ToBeVisibleAsync();
        await Expect(dialog).ToBeHiddenAsync();
        Assert.That(await ScalarAsync<long>("SELECT ends_at FROM cycles WHERE id = @Id", cycleId), Is.GreaterThan(endsRead));

        // The list: the cycle with its window and counts.
        await page.GetByRole(AriaRole.Link, new() { Name = "返回考核周期" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Link).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("进行中");
        // The extension moved every deadline past now: nothing is overdue any more.
        await Expect(row).ToContainTextAsync("19 人 · 已完成 0 · 逾期任务 0");
        await tab.CheckAsync("list");
        Assert.That(tab.Problems, Is.Empty);

        // The same dashboard and wizard on a phone.
        await using var phone = await Tab.OpenAsync(Host.Address, Screen.Phone);
        await phone.Page.GotoAsync($"/cycles/{Uri.EscapeDataString(cycleId)}");
        await SignIn.AsDemoPersonAsync(phone.Page, "赵敏");
        await Expect(phone.Page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        await Expect(phone.Page.Locator(".chart canvas")).ToHaveCountAsync(2);
        Assert.That(await phone.Page.EvaluateAsync<int>("document.documentElement.scrollWidth"), Is.LessThanOrEqualTo(Screen.Phone.Width), "nothing wider than the screen");
        await phone.CheckAsync("dashboard");
        await phone.Page.GotoAsync("/cycles/new");
        await LaunchWizard.ChooseProcessAsync(phone.Page, "年度绩效评估");
        await LaunchWizard.NextAsync(phone.Page);
        await LaunchWizard.ChooseDepartmentAsync(phone.Page, "研发中心");
        await Expect(LaunchWizard.LiveCount(phone.Page)).ToHaveTextAsync("19");
        await phone.CheckAsync("wizard-population");
        Assert.That(phone.Problems, Is.Empty);
    }

    [Test]
    public async Task An_employee_sees_no_entry_for_these_pages_and_is_refused_them()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "李娜");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的待办" })).ToBeVisibleAsync();
        await Expect(MainNavigation.Link(page, "考核周期")).ToHaveCountAsync(0);
        await Expect(MainNavigation.Link(page, "系统设置")).ToHaveCountAsync(0);
        foreach (var path in new[] { "/cycles/new", "/admin", "/admin/organisation", "/admin/outbox" })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "此页面仅供相应角色使用" })).ToBeVisibleAsync();
        }

        await tab.CheckAsync("refused");
        Assert.That(tab.Problems, Is.Empty);
    }

    // What an employee's app would do: sign in, find the open self-review, submit the shipped example of a complete one.
    private async Task SubmitSelfReviewAsync(string personId)
    {
        using var client = new HttpClient { BaseAddress = new Uri(Host.Address) };
        using (var signIn = await client.PostAsJsonAsync("/api/auth/dev-sign-in", new { personId }))
        {
            var token = (string)(await signIn.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var task = (await Host.OpenTasksAsync(personId)).Single(t => t.Step == "self-review");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tasks/{task.Id}/submit")
        {
            Content = JsonContent.Create(new JsonObject { ["data"] = TemplateExamples.Data("self-review", "valid-annual-rating-5") }),
        };
        request.Headers.TryAddWithoutValidation("If-Match", $"\"{task.Version}\"");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    private async Task<int> CountAsync(string sql) => await ScalarAsync<int>(sql, "");

    private async Task ExecuteAsync(string sql, string id)
    {
        await using var work = await FormFlow.Storage.UnitOfWork.BeginAsync(Host.Db);
        await work.Connection.ExecuteAsync(sql, new { Id = id }, work.Transaction);
        await work.CommitAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql, string id)
    {
        await using var work = await FormFlow.Storage.UnitOfWork.BeginAsync(Host.Db);
        var value = await work.Connection.ExecuteScalarAsync<T>(sql, new { Id = id }, work.Transaction);
        await work.CommitAsync();
        return value!;
    }
}
