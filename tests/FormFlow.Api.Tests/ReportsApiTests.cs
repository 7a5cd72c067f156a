using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FormFlow.Organisation;
using MiniExcelLibs;

namespace FormFlow.Api.Tests;

/// <summary>
/// The reports over HTTP on a cycle of the annual review for Sales & Marketing (D300, 13 people) launched by its HRBP
/// 孙悦 (E005, the HRBP of the root department): formats, languages, and who may read which.
/// </summary>
public sealed class ReportsApiTests(string kind) : ApiTest(kind)
{
    private string cycleId = string.Empty;

    [OneTimeSetUp]
    public async Task LaunchTheSalesCycle()
    {
        cycleId = "sales-" + Guid.NewGuid().ToString("N")[..8];
        using var hrbp = await SignedIn("E005");
        var starts = Host.Clock.GetUtcNow();
        using var response = await hrbp.PostAsync("/api/cycles", Json(new JsonObject
        {
            ["cycleId"] = cycleId,
            ["name"] = "2026 销售年度绩效",
            ["processKey"] = "annual-review",
            ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
            ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
            ["population"] = new JsonObject { ["departmentId"] = "D300" },
        }.ToJsonString()));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task The_cycle_progress_page_names_the_cycle_and_its_departments_in_the_callers_language()
    {
        using var hrbp = await SignedIn("E005");
        using var zh = await hrbp.GetAsync($"/api/reports/cycle-progress/{cycleId}");
        var zhHtml = await zh.Content.ReadAsStringAsync();
        using var en = await hrbp.GetAsync($"/api/reports/cycle-progress/{cycleId}?lang=en");
        var enHtml = await en.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(zh.StatusCode, Is.EqualTo(HttpStatusCode.OK), zhHtml);
            Assert.That(zh.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/html; charset=utf-8"));
            Assert.That(zh.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("inline"));
            Assert.That(zh.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Is.EqualTo($"cycle-progress-{cycleId}.html"));
            Assert.That(zhHtml, Does.Contain("2026 销售年度绩效").And.Contain("市场销售部"));
            Assert.That(enHtml, Does.Contain("2026 销售年度绩效").And.Contain("Sales &amp; Marketing").Or.Contain("Sales & Marketing"));
            Assert.That(en.Content.Headers.ContentLanguage, Is.EqualTo(new[] { "en" }));
        });
    }

    [Test]
    public async Task A_table_of_the_cycle_progress_comes_as_csv_with_a_bom()
    {
        using var hrbp = await SignedIn("E005");
        hrbp.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        using var response = await hrbp.GetAsync($"/api/reports/cycle-progress/{cycleId}?format=csv&table=departments");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/csv; charset=utf-8"));
            Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Is.EqualTo($"cycle-progress-{cycleId}-departments.csv"));
            Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "a UTF-8 BOM for Excel");
            Assert.That(lines[0], Is.EqualTo("Department,People,Completed,Running,Cancelled,Completion %"));
            Assert.That(lines[1..], Is.EqualTo(new[] { "Sales & Marketing,13,0,13,0,0" }));
        });
    }

    [Test]
    public async Task The_cycle_progress_comes_as_an_xlsx_workbook_of_every_table_or_one()
    {
        using var hrbp = await SignedIn("E005");
        using var all = await hrbp.GetAsync($"/api/reports/cycle-progress/{cycleId}?format=xlsx");
        using var one = await hrbp.GetAsync($"/api/reports/cycle-progress/{cycleId}?format=xlsx&table=managers");
        using var workbook = new MemoryStream(await all.Content.ReadAsByteArrayAsync());
        using var single = new MemoryStream(await one.Content.ReadAsByteArrayAsync());
        var managers = single.Query(useHeaderRow: true, sheetName: "managers").Cast<IDictionary<string, object>>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(all.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
            Assert.That(all.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Is.EqualTo($"cycle-progress-{cycleId}.xlsx"));
            Assert.That(workbook.GetSheetNames(), Is.EqualTo(new[] { "departments", "managers", "overdue", "ratings" }));
            Assert.That(single.GetSheetNames(), Is.EqualTo(new[] { "managers" }));
            Assert.That(managers.Select(m => (string)m["上级"]), Is.EquivalentTo(new[] { "陈志远", "何建国", "马丽", "罗军" }));
        });
    }

    [TestCase("format=pdf", "format")]
    [TestCase("format=csv", "table")]
    [TestCase("format=csv&table=nope", "table")]
    [TestCase("lang=fr", "lang")]
    public async Task A_bad_format_or_table_is_400_naming_the_query_parameter(string query, string parameter)
    {
        using var hrbp = await SignedIn("E005");
        using var response = await hrbp.GetAsync($"/api/reports/cycle-progress/{cycleId}?{query}");
        var problem = await Problem(response, 400);
        Assert.That(problem["errors"]![parameter], Is.Not.Null, problem.ToJsonString());
    }

    [TestCase("E031", HttpStatusCode.OK, Description = "her manager")]
    [TestCase("E030", HttpStatusCode.OK, Description = "the head of Sales, her skip-level manager")]
    [TestCase("E034", HttpStatusCode.NotFound, Description = "the employee herself")]
    [TestCase("E032", HttpStatusCode.NotFound, Description = "another manager of Sales")]
    [TestCase("E011", HttpStatusCode.NotFound, Description = "a manager of R&D")]
    public async Task The_pre_interview_analysis_is_for_the_employees_managers(string personId, HttpStatusCode expected)
    {
        using var client = await SignedIn(personId);
        using var response = await client.GetAsync("/api/reports/pre-interview/E034");
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), html);
        if (expected == HttpStatusCode.OK)
        {
            Assert.That(html, Does.Contain("谢飞"));
        }
        else
        {
            Assert.That(html, Does.Not.Contain("谢飞").And.Not.Contain("Fei Xie"));
        }
    }

    [Test]
    public async Task Ones_own_history_names_oneself_and_anothers_is_404()
    {
        using var employee = await SignedIn("E034");
        using var own = await employee.GetAsync("/api/reports/history");
        var html = await own.Content.ReadAsStringAsync();
        using var ratings = await employee.GetAsync("/api/reports/history?format=csv");
        using var other = await employee.GetAsync("/api/reports/history?employeeId=E035");
        var refused = await other.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
            Assert.That(html, Does.Contain("谢飞"));
            Assert.That(ratings.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Is.EqualTo("history-E034-ratings.csv"));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(refused, Does.Not.Contain("唐颖").And.Not.Contain("Ying Tang"));
        });
    }

    [Test]
    public async Task An_html_report_is_sandboxed_so_that_its_template_runs_no_script_in_the_api_origin()
    {
        using var employee = await SignedIn("E034");
        using var html = await employee.GetAsync("/api/reports/history");
        using var csv = await employee.GetAsync("/api/reports/history?format=csv");
        Assert.Multiple(() =>
        {
            Assert.That(html.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var policy = html.Headers.TryGetValues("Content-Security-Policy", out var values) ? string.Join(",", values) : "";
            Assert.That(policy, Does.StartWith("sandbox;").And.Contain("default-src 'none'"));
            Assert.That(html.Headers.TryGetValues("X-Content-Type-Options", out var sniff) ? sniff.Single() : null, Is.EqualTo("nosniff"));
            Assert.That(csv.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"), "a table is a download, never a page");
        });
    }

    [Test]
    public async Task The_follow_up_is_a_managers_own_or_for_an_hrbp_by_manager()
    {
        using var manager = await SignedIn("E031");
        using var hrbp = await SignedIn("E005");
        using var own = await manager.GetAsync("/api/reports/follow-up?format=xlsx");
        using var byHrbp = await hrbp.GetAsync("/api/reports/follow-up?managerId=E031");
        var html = await byHrbp.Content.ReadAsStringAsync();
        using var workbook = new MemoryStream(await own.Content.ReadAsByteArrayAsync());
        Assert.Multiple(() =>
        {
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(workbook.GetSheetNames(), Is.EqualTo(new[] { "actions" }));
            Assert.That(byHrbp.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
            Assert.That(html, Does.Contain("马丽"));
        });
    }

    /// <summary>Every endpoint of organisation, cycles and reports × who calls it; "{cycle}" is the Sales cycle.</summary>
    private static IEnumerable<TestCaseData> Matrix()
    {
        // Callers: the administrator, the HRBP of Sales (root) and the HRBP of R&D only, a manager of the subject and
        // one of another department, the subject employee, another employee (R&D), the head of Sales (who launches for
        // the people of Sales: docs/authorization.md).
        string[] callers = ["E002", "E005", "E004", "E031", "E011", "E034", "E012", "E030"];
        (string Method, string Path, string? Body, int[] Expected)[] endpoints =
        [
            ("GET", "/api/organisation/people/E034", null, [200, 200, 200, 200, 404, 200, 404, 200]),
            ("GET", "/api/organisation/people", null, [200, 200, 200, 200, 200, 200, 200, 200]),
            ("POST", "/api/organisation/import?dryRun=true", "csv", [200, 403, 403, 403, 403, 403, 403, 403]),
            ("POST", "/api/cycles", "launch", [201, 201, 403, 403, 403, 403, 403, 201]),
            ("GET", "/api/cycles", null, [200, 200, 200, 200, 200, 200, 200, 200]),
            ("GET", "/api/cycles/{cycle}", null, [200, 200, 404, 403, 404, 403, 404, 200]),
            ("POST", "/api/cycles/{cycle}/extend", "extend", [409, 409, 404, 403, 404, 403, 404, 403]),
            ("POST", "/api/cycles/{cycle}/close", "stale", [409, 409, 404, 403, 404, 403, 404, 403]),
            ("POST", "/api/cycles/{cycle}/cancel", "stale", [409, 409, 404, 403, 404, 403, 404, 403]),
            ("GET", "/api/reports/cycle-progress/{cycle}", null, [200, 200, 404, 404, 404, 404, 404, 404]),
            ("GET", "/api/reports/pre-interview/E034", null, [200, 200, 404, 200, 404, 404, 404, 200]),
            ("GET", "/api/reports/history?employeeId=E034", null, [200, 200, 404, 404, 404, 200, 404, 404]),
            ("GET", "/api/reports/follow-up?managerId=E031", null, [200, 200, 404, 200, 404, 404, 404, 404]),
        ];
        foreach (var (method, path, body, expected) in endpoints)
        {
            for (var i = 0; i < callers.Length; i++)
            {
                yield return new TestCaseData(method, path, body, callers[i], expected[i])
                    .SetName($"Authorisation {method} {path} as {callers[i]} is {expected[i]}");
            }
        }
    }

    [TestCaseSource(nameof(Matrix))]
    public async Task Authorisation_matrix(string method, string path, string? body, string personId, int expected)
    {
        using var client = await SignedIn(personId);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{cycle}", cycleId, StringComparison.Ordinal));
        switch (body)
        {
            case "csv":
                request.Content = new ByteArrayContent(await File.ReadAllBytesAsync(new FormFlow.Api.Hosting.ShippedFiles().DemoOrganisation));
                request.Content.Headers.ContentType = new("text/csv");
                break;
            case "launch":
                var starts = Host.Clock.GetUtcNow();
                request.Content = Json(new JsonObject
                {
                    ["cycleId"] = "m-" + Guid.NewGuid().ToString("N")[..12],
                    ["name"] = "矩阵 / matrix",
                    ["processKey"] = "feedback-log",
                    ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
                    ["endsAt"] = starts.AddDays(30).ToString("o", CultureInfo.InvariantCulture),
                    ["population"] = new JsonObject { ["personIds"] = new JsonArray("E034") },
                }.ToJsonString());
                break;
            case "extend":
                request.Content = Json(new JsonObject { ["endsAt"] = Host.Clock.GetUtcNow().AddDays(400).ToString("o", CultureInfo.InvariantCulture) }.ToJsonString());
                request.Headers.TryAddWithoutValidation("If-Match", "\"stale\"");
                break;
            case "stale":
                // A stale version: a caller who may act gets 409 and the shared cycle stays as it is.
                request.Headers.TryAddWithoutValidation("If-Match", "\"stale\"");
                break;
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(expected), text);
        if (expected is 403 or 404)
        {
            var subject = (await OrganisationDirectory.FindPersonAsync(Db, "E034"))!;
            var manager = (await OrganisationDirectory.FindPersonAsync(Db, "E031"))!;
            Assert.That(text, Does.Not.Contain(subject.Name.ZhCn).And.Not.Contain(subject.Name.En).And.Not.Contain(subject.Email)
                .And.Not.Contain(manager.Name.ZhCn).And.Not.Contain(manager.Name.En).And.Not.Contain("销售年度绩效"), "a refusal names nobody and no cycle");
        }
    }
}
