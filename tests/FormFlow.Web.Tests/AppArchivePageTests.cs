using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using FormFlow.Api.Tests;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FormFlow.Web.Tests;

/// <summary>
/// 应用导入导出 (/design/app): 赵敏 (E004, HRBP) exports the app as a zip, imports an
/// edited export — seeing per file what would happen before anything changes — and a zip with an error is refused with
/// the finding's file, line and column, changing nothing.
/// Over SQLite only, as the pages run by default: what they read is stored alike over PostgreSQL (the storage and
/// API tests run over both, as do the acceptance scenarios in the browser).
/// </summary>
public sealed class AppArchivePageTests() : PagesFixture("sqlite")
{
    private const string Hrbp = "E004";
    private HostApi? api;

    private HostApi Api => api!;

    [OneTimeSetUp]
    public void Start()
    {
        api = new HostApi(Host.Address);
    }

    [OneTimeTearDown]
    public void StopApi()
    {
        api?.Dispose();
    }

    [Test]
    public async Task An_hrbp_exports_the_app_and_imports_an_edited_export_after_seeing_what_each_file_would_become()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await OpenAsync(page);
        await tab.CheckAlsoAtAsync("page", Screen.Phone);

        // 导出: a download named after the app and the day, holding every Kind of definition.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "导出", Exact = true }).ClickAsync());
        Assert.That(download.SuggestedFilename, Does.Match(@"^formflow-app-\d{4}-\d{2}-\d{2}\.zip$"));
        var files = Unzip(await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.That(files.Keys, Does.Contain("templates/idp.json").And.Contain("processes/annual-review.json").And.Contain("notifications/task.assigned.json").And.Contain("reports/history.json"));

        // The IDP's title edited in the export, as an author would in git.
        var idp = JsonNode.Parse(files["templates/idp.json"])!.AsObject();
        idp["title"]!["zh-CN"] = "个人发展计划（导入）";
        files["templates/idp.json"] = idp.ToJsonString();
        var before = await LatestVersionsAsync();

        // Chosen: checked first; per file what publishing and what saving drafts would do; nothing changed yet.
        await page.Locator("input[type=file]").SetInputFilesAsync(Zip("formflow-app-edited.zip", files));
        await Expect(page.GetByText("检查通过：")).ToBeVisibleAsync();
        var idpRow = page.Locator(".ant-table-tbody tr").Filter(new() { HasText = "templates/idp.json" });
        await Expect(idpRow).ToContainTextAsync("表单模板");
        await Expect(idpRow).ToContainTextAsync($"发布新版本 v{before["templates/idp"] + 1}");
        await Expect(idpRow).ToContainTextAsync("保存草稿");
        var historyRow = page.Locator(".ant-table-tbody tr").Filter(new() { HasText = "reports/history.json" });
        await Expect(historyRow).ToContainTextAsync("报告模板");
        await Expect(historyRow).ToContainTextAsync("无变化");
        await Expect(page.GetByText("到目前为止没有任何改变")).ToBeVisibleAsync();
        Assert.That(await LatestVersionsAsync(), Is.EqualTo(before), "the check changed nothing");
        await tab.CheckAlsoAtAsync("checked", Screen.Phone);

        // 导入并发布: the IDP published as the next version, and the result listed.
        await page.GetByRole(AriaRole.Button, new() { Name = "导入并发布" }).ClickAsync();
        await Expect(page.GetByText("已导入并发布：")).ToBeVisibleAsync();
        await Expect(page.Locator(".ant-table-tbody tr").Filter(new() { HasText = "templates/idp.json" })).ToContainTextAsync($"发布新版本 v{before["templates/idp"] + 1}");
        var after = await LatestVersionsAsync();
        Assert.That(after["templates/idp"], Is.EqualTo(before["templates/idp"] + 1));
        await tab.CheckAlsoAtAsync("imported", Screen.Phone);
        Assert.That(tab.Problems, Is.Empty);
    }

    [Test]
    public async Task A_zip_with_an_error_shows_the_finding_with_its_file_line_and_column_and_changes_nothing()
    {
        await using var tab = await Tab.OpenAsync(Host.Address, Screen.Desktop);
        var page = tab.Page;
        await OpenAsync(page);
        var files = Unzip(await ExportAsync());
        var reminder = JsonNode.Parse(files["notifications/task.reminder.json"])!.AsObject();
        reminder["body"]!["zh-CN"] = "{{ recipient.name }}，您好：\n\n{{ if task.due }}\n请在 {{ task.due }} 前完成。\n";
        files["notifications/task.reminder.json"] = reminder.ToJsonString();
        var before = await LatestVersionsAsync();

        await page.Locator("input[type=file]").SetInputFilesAsync(Zip("broken.zip", files));
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "无法导入" })).ToBeVisibleAsync();
        await Expect(page.GetByText("没有导入任何内容")).ToBeVisibleAsync();
        var finding = page.Locator(".apps-findings .ant-table-tbody tr").Filter(new() { HasText = "notifications/task.reminder.json" }).First;
        await Expect(finding).ToBeVisibleAsync();
        var cells = finding.Locator("td");
        Assert.That(int.Parse(await cells.Nth(1).InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(3), "the line within the zh-CN body");
        Assert.That(int.Parse(await cells.Nth(2).InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(1), "the column");
        await Expect(finding).ToContainTextAsync("zh-CN · body");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "导入并发布" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "保存为草稿" })).ToHaveCountAsync(0);
        Assert.That(await LatestVersionsAsync(), Is.EqualTo(before), "nothing was imported");
        await tab.CheckAlsoAtAsync("refused", Screen.Phone);
        Assert.That(tab.Problems, Is.Empty);
    }

    private static async Task OpenAsync(IPage page)
    {
        await page.GotoAsync("/");
        await SignIn.AsDemoPersonAsync(page, "赵敏");
        await MainNavigation.Link(page, "设计").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "应用导入导出" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "应用导入导出", Level = 1 })).ToBeVisibleAsync();
    }

    private async Task<byte[]> ExportAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Host.Address) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await Api.TokenAsync(Hrbp));
        return await http.GetByteArrayAsync("/api/authoring/export");
    }

    private async Task<Dictionary<string, int?>> LatestVersionsAsync()
    {
        var token = await Api.TokenAsync(Hrbp);
        var latest = new Dictionary<string, int?>();
        foreach (var segment in new[] { "templates", "processes", "notifications", "reports" })
        {
            var page = (await Api.SendAsync(token, HttpMethod.Get, $"/api/authoring/{segment}?pageSize=200", null))!;
            foreach (var item in page["items"]!.AsArray())
            {
                latest[$"{segment}/{item!["key"]}"] = (int?)item["latestVersion"];
            }
        }

        return latest;
    }

    private static Dictionary<string, string> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        });
    }

    private static FilePayload Zip(string name, Dictionary<string, string> files)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                using var stream = archive.CreateEntry(path).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        }

        return new FilePayload { Name = name, MimeType = "application/zip", Buffer = buffer.ToArray() };
    }
}
