using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// Calibration in the browser over SQLite and the real PostgreSQL: the annual review of Platform Engineering (D210,
/// 8 people) launched by its HRBP 赵敏 (E004); 郑浩 (E022) has rated 蒋涛 4, 韩梅 3 and 曹阳 3. 赵敏 opens the calibration
/// of the department, adjusts the three ratings with a reason each, and closes it: the final ratings are released.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed class CalibrationPageTests(string kind) : PagesFixture(kind)
{
    private string cycleName = null!;

    [OneTimeSetUp]
    public async Task LaunchAndRateThree()
    {
        using var api = new HostApi(Host.Address);
        var start = Host.Clock.GetUtcNow();
        var cycle = $"calibration-{Kind}";
        cycleName = $"2026 年度绩效 · 平台研发部 ({Kind})";
        await api.SendAsync(await api.TokenAsync("E004"), HttpMethod.Post, "/api/cycles", new JsonObject
        {
            ["cycleId"] = cycle,
            ["name"] = cycleName,
            ["processKey"] = "annual-review",
            ["startsAt"] = start.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ["endsAt"] = start.AddDays(60).ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["departmentId"] = "D210" },
        });

        var manager = await api.TokenAsync("E022");
        foreach (var (employeeId, rating) in new[] { ("E025", 4), ("E026", 3), ("E027", 3) })
        {
            var employee = await api.TokenAsync(employeeId);
            async Task HandInAsync(string personId, string token, string step, string command, JsonObject data)
            {
                var task = (await Host.OpenTasksAsync(personId)).Single(t => t.Step == step && t.CycleId == cycle && t.Subject.Id == employeeId);
                await api.SendAsync(token, HttpMethod.Post, $"/api/tasks/{task.Id}/{command}", new JsonObject { ["data"] = data });
            }

            var record = TemplateExamples.Data("interview-record", "valid-developer-rating-4");
            record["overall_rating"] = rating;
            await HandInAsync(employeeId, employee, "self-review", "submit", TemplateExamples.Data("self-review", "valid-annual-rating-5"));
            await HandInAsync("E022", manager, "prepare", "submit", TemplateExamples.Data("interview-preparation-333", "valid-sales-manager-prep"));
            await HandInAsync(employeeId, employee, "record", "submit", TemplateExamples.Only(record, "went_well", "to_improve", "plan"));
            await HandInAsync("E022", manager, "record", "approve", TemplateExamples.Only(record, "feedback", "overall_rating", "manager_summary"));
        }
    }

    [Test]
    public async Task The_HRBP_calibrates_three_ratings_of_a_department_with_a_reason_each_and_releases_them()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");

        // 绩效校准 in the menu: she opens one for the cycle and Platform Engineering, with the default guideline.
        await MainNavigation.Link(page, "绩效校准").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "绩效校准", Level = 1 })).ToBeVisibleAsync();
        await Controls.ChooseAsync(page, "考核周期", cycleName);
        await Controls.ChooseAsync(page, "部门（含下级部门）", "平台研发部");
        await page.GetByRole(AriaRole.Button, new() { Name = "发起校准" }).ClickAsync();

        // The distribution against the guideline: three rated of eight, one in 卓越 and two in 达标.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "绩效校准 · 平台研发部", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("共 8 人，已评 3 人，未评 5 人")).ToBeVisibleAsync();
        var exceeds = page.GetByRole(AriaRole.Region, new() { Name = "卓越" });
        await Expect(exceeds).ToContainTextAsync("33% · 1 人");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "达标" })).ToContainTextAsync("67% · 2 人");
        var people = page.GetByRole(AriaRole.Table);
        await Expect(people).ToContainTextAsync("蒋涛");
        await Expect(people).ToContainTextAsync("未评");
        await tab.CheckAlsoAtAsync("opened", Screen.Phone);

        // Three adjustments, each with its reason; a missing reason is named before anything is sent.
        await page.GetByRole(AriaRole.Button, new() { Name = "调整蒋涛的评分" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Controls.ChooseAsync(page, "最终评分", "5", dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "保存调整" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync("请填写调整理由");
        await tab.CheckAlsoAtAsync("reason-missing", Screen.Phone);
        await dialog.GetByLabel("调整理由").FillAsync("主导两个跨团队项目，交付超出预期");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "保存调整" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        // 韩梅's rating is adjusted in another tab while her dialog is open here: saving is refused, what was typed
        // stays, the dialog shows the other adjustment, and saving again overrides it.
        await page.GetByRole(AriaRole.Button, new() { Name = "调整韩梅的评分" }).ClickAsync();
        await Controls.ChooseAsync(page, "最终评分", "4", dialog);
        await dialog.GetByLabel("调整理由").FillAsync("承担了新人带教，质量稳定");
        using (var api = new HostApi(Host.Address))
        {
            var path = new Uri(page.Url).AbsolutePath.Split('/');
            await api.SendAsync(await api.TokenAsync("E004"), HttpMethod.Put, $"/api/cycles/{path[2]}/calibrations/{path[3]}/people/E026",
                new JsonObject { ["rating"] = 2, ["reason"] = "另一标签页中的调整" });
        }

        await dialog.GetByRole(AriaRole.Button, new() { Name = "保存调整" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("韩梅的评分在您打开此窗口后被他人调整，最终评分现为 2");
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("对方的理由：另一标签页中的调整");
        await Expect(dialog.GetByLabel("调整理由")).ToHaveValueAsync("承担了新人带教，质量稳定");
        await tab.CheckAlsoAtAsync("changed-meanwhile", Screen.Phone);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "保存调整" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(people).ToContainTextAsync("承担了新人带教，质量稳定");
        await Adjust(page, "曹阳", "2", "两次线上事故复盘未落实");
        await Expect(people).ToContainTextAsync("主导两个跨团队项目，交付超出预期");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "待改进" })).ToContainTextAsync("33% · 1 人");
        await tab.CheckAlsoAtAsync("adjusted", Screen.Phone);

        // Closing, confirmed, releases the final ratings.
        await page.GetByRole(AriaRole.Button, new() { Name = "结束校准" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "结束并发布" }).ClickAsync();
        await Expect(page.GetByText("校准已结束，最终评分已写入表单，员工现在可以看到。")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "调整蒋涛的评分" })).ToHaveCountAsync(0);
        await tab.CheckAlsoAtAsync("closed", Screen.Phone);
        Assert.That(tab.Problems, Is.Empty);
    }

    private static async Task Adjust(IPage page, string name, string rating, string reason)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = $"调整{name}的评分" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Controls.ChooseAsync(page, "最终评分", rating, dialog);
        await dialog.GetByLabel("调整理由").FillAsync(reason);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "保存调整" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }
}
