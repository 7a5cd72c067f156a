using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// KPI actuals on a phone, over SQLite and the real PostgreSQL: 张伟 (E011) set the quarter's KPIs of 李娜 (E012) through
/// the shipped KPI process and recorded her visits of the week before last through the API, below the threshold; on his
/// phone he enters last week's, below it again, and the warning shows on her KPI board.
/// </summary>
[TestFixtureSource(typeof(TestDatabase), nameof(TestDatabase.Kinds))]
public sealed class KpiActualsTests(string kind) : PagesFixture(kind)
{
    [Test]
    public async Task A_manager_enters_last_weeks_actuals_on_a_phone_and_two_bad_weeks_show_a_warning_on_the_board()
    {
        var (lastWeek, weekBefore) = Weeks(Host.Clock.GetUtcNow());
        using (var api = new HostApi(Host.Address))
        {
            await api.LaunchCycleAsync(await api.TokenAsync("E004"), $"kpi-browser-{Kind}", "kpi-quarterly", Host.Clock.GetUtcNow(), new JsonObject { ["personIds"] = new JsonArray("E012") });
            var manager = await api.TokenAsync("E011");
            await api.SubmitAsync("E011", await api.OnlyOpenTaskAsync(manager), Kpis());
            await api.SendAsync(manager, HttpMethod.Post, "/api/kpi/actuals", new JsonObject
            {
                ["entries"] = new JsonArray(new JsonObject { ["personId"] = "E012", ["indicator"] = "有效客户拜访量", ["period"] = weekBefore, ["value"] = 5 }),
            });
        }

        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Phone);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "张伟");

        // KPI: he picks 李娜 and opens the entry of her actuals.
        await MainNavigation.Link(page, "KPI").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "KPI 看板", Level = 1 })).ToBeVisibleAsync();
        await Controls.ChooseAsync(page, "查看谁的指标", "李娜（E012）");
        await page.GetByRole(AriaRole.Link, new() { Name = "为李娜录入实际值" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "录入实际值", Level = 1 })).ToBeVisibleAsync();

        // Each indicator with its target, threshold and last value; he types last week's visits, below the threshold.
        var visits = page.Locator(".kpi-card").Filter(new() { HasText = "有效客户拜访量" });
        await Expect(visits).ToContainTextAsync("阈值 8");
        await Expect(visits).ToContainTextAsync($"5 次（{weekBefore}）");
        await page.GetByLabel($"{lastWeek} 实际值").First.FillAsync("1,200");
        await visits.GetByLabel($"{lastWeek} 实际值").FillAsync("4");
        await tab.CheckAlsoAtAsync("typed", Screen.Desktop);
        await page.GetByRole(AriaRole.Button, new() { Name = "保 存" }).Or(page.GetByRole(AriaRole.Button, new() { Name = "保存" })).ClickAsync();
        var saved = page.GetByRole(AriaRole.Status);
        await Expect(saved).ToContainTextAsync("已保存 2 项实际值");
        await Expect(saved).ToContainTextAsync("1 项指标连续处在阈值另一侧，已提醒员工和主管");
        await tab.CheckAlsoAtAsync("saved", Screen.Desktop);

        // Her board: the warning first, in red, with the two weeks' values; the chart of each indicator.
        await saved.GetByRole(AriaRole.Link, new() { Name = "查看看板" }).ClickAsync();
        var warning = page.Locator(".kpi-warnings");
        await Expect(warning).ToContainTextAsync("1 项指标预警");
        await Expect(warning).ToContainTextAsync($"有效客户拜访量连续 2 期低于阈值 8：{weekBefore}：5，{lastWeek}：4");
        await Expect(page.Locator(".kpi-card.warning")).ToContainTextAsync("预警");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = $"有效客户拜访量各期实际值：{weekBefore} 5，{lastWeek} 4" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "团队看板" })).ToBeVisibleAsync();
        await tab.CheckAlsoAtAsync("board", Screen.Desktop);
        Assert.That(tab.Problems, Is.Empty);
    }

    // The ISO weeks before the one the host's clock is in (China Standard Time): last week and the week before it.
    private static (string LastWeek, string WeekBefore) Weeks(DateTimeOffset now)
    {
        var today = now.ToOffset(TimeSpan.FromHours(8)).Date;
        static string Week(DateTime day) => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day):D4}-W{ISOWeek.GetWeekOfYear(day):D2}");
        return (Week(today.AddDays(-7)), Week(today.AddDays(-14)));
    }

    private static JsonObject Kpis() => new()
    {
        ["period"] = "2026-Q4",
        ["role_family"] = "sales-rep",
        ["kpis"] = new JsonArray(
            Kpi("签约金额", "万元", 100, 80, 40),
            Kpi("有效客户拜访量", "次", 12, 8, 30),
            Kpi("新增客户数", "个", 8, 5, 30)),
    };

    private static JsonObject Kpi(string name, string unit, double target, double threshold, int weight) => new()
    {
        ["name"] = name,
        ["definition"] = name + "（CRM 统计）",
        ["direction"] = "higher-better",
        ["target"] = target,
        ["threshold"] = threshold,
        ["unit"] = unit,
        ["weight"] = weight,
        ["data_source"] = "CRM 系统",
        ["frequency"] = "weekly",
    };
}
