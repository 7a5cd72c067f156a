using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The cycle page of a review with more managers than a chart can show: a department of 25 managers, two reports each,
/// under its head 高远 (H001), whose HRBP 赵敏 (R001) launches the annual review for all of it. The chart by manager
/// shows the 20 least complete and says how many there are; the chart by department, one bar, shows it whole.
/// </summary>
public sealed class ManyManagersChartTests() : PagesFixture("sqlite")
{
    private const int Managers = 25;
    private readonly string organisation = Path.Combine(Path.GetTempPath(), $"formflow-many-managers-{Guid.NewGuid():N}.csv");

    private protected override RunningHost StartHost(TestDatabase over)
    {
        File.WriteAllText(organisation, OrganisationCsv(), Encoding.UTF8);
        return RunningHost.Start(over, new Dictionary<string, string?> { ["FormFlow:Organisation:InitialFile"] = organisation });
    }

    [OneTimeTearDown]
    public void RemoveOrganisationFile() => File.Delete(organisation);

    [Test]
    public async Task The_HRBP_of_a_department_of_many_managers_sees_the_least_complete_of_them_charted_and_how_many_there_are()
    {
        using (var api = new HostApi(Host.Address))
        {
            var start = Host.Clock.GetUtcNow();
            await api.LaunchCycleAsync(await api.TokenAsync("R001"), "many-managers", "annual-review", start, new JsonObject { ["departmentId"] = "D1" });
        }

        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await page.GotoAsync("/cycles/many-managers");

        // The 50 reports under their 25 managers, the managers and the HRBP under the head, the head under nobody: 27 rows.
        var byManager = page.Locator(".cycle-card").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "各经理团队完成情况" }) });
        await Expect(byManager).ToContainTextAsync("只显示完成率最低的 20 个，共 27 个。");
        var chart = byManager.Locator(".chart");
        Assert.That((await chart.BoundingBoxAsync())!.Height, Is.EqualTo(88 + 20 * 36).Within(1), "a bar for each of twenty rows");
        var byDepartment = page.Locator(".cycle-card").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "各部门完成情况" }) });
        await Expect(byDepartment.Locator(".chart")).ToBeVisibleAsync();
        await Expect(byDepartment).Not.ToContainTextAsync("只显示");
        await tab.CheckAlsoAtAsync("many-managers", Screen.Phone);

        await page.GetByText("English", new() { Exact = true }).First.ClickAsync();
        await Expect(page.GetByText("The 20 least complete of 27.")).ToBeVisibleAsync();
        Assert.That(tab.Problems, Is.Empty);
    }

    private static string OrganisationCsv()
    {
        var csv = new StringBuilder("id,name_zh,name_en,email,locale,department_id,department_name_zh,department_name_en,parent_department_id,manager_id,roles,level,is_department_head,is_hrbp_of,hired_on,role_family\n");
        void Person(string id, string nameZh, string nameEn, string manager, string roles, string head = "", string hrbpOf = "") =>
            csv.Append(CultureInfo.InvariantCulture, $"{id},{nameZh},{nameEn},{id.ToLowerInvariant()}@example.com,zh-CN,D1,研发中心,R&D Center,,{manager},{roles},P5,{head},{hrbpOf},2020-01-06,\n");

        Person("H001", "高远", "Yuan Gao", "", "manager", head: "true");
        Person("R001", "赵敏", "Min Zhao", "H001", "hrbp", hrbpOf: "D1");
        for (var m = 1; m <= Managers; m++)
        {
            var manager = $"M{m:00}";
            Person(manager, $"经理{m:00}", $"Manager {m:00}", "H001", "manager");
            for (var e = 1; e <= 2; e++)
            {
                Person($"E{m:00}{e}", $"员工{m:00}{e}", $"Employee {m:00}{e}", manager, "employee");
            }
        }

        return csv.ToString();
    }
}
