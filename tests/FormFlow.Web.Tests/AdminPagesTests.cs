using Dapper;
using FormFlow.Api.Tests;
using FormFlow.Api.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// The administrator 林晓 (E002) in 系统设置: the organisation import's dry run
/// shows a problem by row and column and writes nothing; the outbox shows a notification that could not be delivered
/// (its webhook answers nothing and one attempt is all it gets) with its error, and sends it again.
/// Over SQLite only, as the pages run by default: what they read is stored alike over PostgreSQL (the storage and
/// API tests run over both, as do the acceptance scenarios in the browser).
/// </summary>
public sealed class AdminPagesTests() : PagesFixture("sqlite")
{
    private protected override RunningHost StartHost(TestDatabase over) => RunningHost.Start(over, new Dictionary<string, string?>
    {
        // Port 9 (discard) on the loopback: nothing listens, every delivery fails at once.
        ["FormFlow:Delivery:Webhooks:0:Kind"] = "Json",
        ["FormFlow:Delivery:Webhooks:0:Url"] = "http://127.0.0.1:9/notices",
        ["FormFlow:Delivery:MaxAttempts"] = "1",
    });

    private static IEnumerable<Screen> Screens() => [Screen.Phone, Screen.Desktop];

    [TestCaseSource(nameof(Screens))]
    public async Task The_import_dry_run_shows_each_problem_by_row_and_column_and_writes_nothing(Screen screen)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository(), "samples", "organisation", "demo-organisation.csv"));
        var row = Array.FindIndex(lines, l => l.StartsWith("E012,", StringComparison.Ordinal));
        var broken = (string[])lines.Clone();
        broken[row] = broken[row].Replace(",E011,", ",E999,", StringComparison.Ordinal);
        var peopleBefore = await ScalarAsync<int>("SELECT COUNT(*) FROM people");

        await using var tab = await Tab.OpenAsync(Host.Address, screen);
        var page = tab.Page;
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "林晓");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "系统设置" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "系统设置", Level = 1 })).ToBeVisibleAsync();
        await tab.CheckAsync("admin");
        await page.GetByRole(AriaRole.Link).Filter(new() { HasText = "导入组织架构" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "导入组织架构", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true })).ToBeDisabledAsync();

        await page.Locator("input[type=file]").SetInputFilesAsync(Csv("organisation.csv", broken));
        await page.GetByRole(AriaRole.Button, new() { Name = "检查文件" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "文件有 1 个问题" })).ToBeVisibleAsync();
        var problem = page.Locator(".ant-table-tbody tr").Filter(new() { HasText = "E999" });
        await Expect(problem.Locator("td").Nth(0)).ToHaveTextAsync((row + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(problem.Locator("td").Nth(1)).ToHaveTextAsync("manager_id");
        await Expect(page.GetByText("没有写入任何数据。")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true })).ToBeDisabledAsync();
        await tab.CheckAsync("import-problems");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await ScalarAsync<string>("SELECT manager_id FROM people WHERE id = 'E012'"), Is.EqualTo("E011"), "nothing written");
            Assert.That(await ScalarAsync<int>("SELECT COUNT(*) FROM people"), Is.EqualTo(peopleBefore));
        });

        // The file put right: checked clean, then imported.
        await page.Locator("input[type=file]").SetInputFilesAsync(Csv("organisation.csv", lines));
        await page.GetByRole(AriaRole.Button, new() { Name = "检查文件" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"文件无误：{peopleBefore} 人");
        await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"已导入：{peopleBefore} 人");
        await tab.CheckAsync("imported");
        Assert.That(tab.Problems, Is.Empty);
    }

    [TestCaseSource(nameof(Screens))]
    public async Task The_administrator_sees_a_dead_letter_with_its_error_and_sends_it_again(Screen screen)
    {
        var cycle = $"web-outbox-{screen.Width}";
        await Host.LaunchAnnualReviewAsync(cycle, "E014");
        await Host.Services.GetRequiredService<OutboxWorker>().DeliverAsync(CancellationToken.None);
        var dead = await ScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE status = 'dead'");
        Assert.That(dead, Is.GreaterThanOrEqualTo(1), "the launch notice could not be delivered");

        await using var tab = await Tab.OpenAsync(Host.Address, screen);
        var page = tab.Page;
        await page.GotoAsync("/admin/outbox");
        await SignIn.AsDemoPersonAsync(page, "林晓");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "通知发件箱", Level = 1 })).ToBeVisibleAsync();
        var deadTab = page.GetByRole(AriaRole.Radio, new() { Name = $"投递失败 {dead}" });
        await page.Locator(".outbox-tabs label").Filter(new() { Has = deadTab }).ClickAsync();
        var message = page.Locator(".outbox-row.dead").Filter(new() { HasText = "周期已发起 → 杨帆" }).First;
        await Expect(message).ToContainTextAsync("最近的错误");
        await Expect(message).ToContainTextAsync("已尝试 1 次");
        await tab.CheckAsync("outbox-dead");

        await message.GetByRole(AriaRole.Button, new() { Name = "重新发送给 杨帆 的通知：周期已发起" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = $"投递失败 {dead - 1}" })).ToBeAttachedAsync();
        Assert.That(await ScalarAsync<int>("SELECT COUNT(*) FROM outbox WHERE status = 'dead'"), Is.EqualTo(dead - 1));
        await page.Locator(".outbox-tabs label").Filter(new() { HasText = "待发送" }).ClickAsync();
        await Expect(page.Locator(".outbox-row").Filter(new() { HasText = "周期已发起 → 杨帆" }).First).ToBeVisibleAsync();
        await tab.CheckAsync("outbox-retried");
        Assert.That(tab.Problems, Is.Empty);
    }

    private static FilePayload Csv(string name, string[] lines) => new()
    {
        Name = name,
        MimeType = "text/csv",
        Buffer = System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"),
    };

    private static string Repository()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FormFlow.sln")))
        {
            folder = folder.Parent;
        }

        return folder!.FullName;
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var work = await FormFlow.Storage.UnitOfWork.BeginReadAsync(Host.Db);
        return (await work.Connection.ExecuteScalarAsync<T>(sql, transaction: work.Transaction))!;
    }
}
