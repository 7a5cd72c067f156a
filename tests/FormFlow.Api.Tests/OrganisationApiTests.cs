using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FormFlow.Api.Hosting;
using FormFlow.Organisation;

namespace FormFlow.Api.Tests;

/// <summary>Importing the organisation over HTTP (administrators only, all or nothing) and reading its people by who may see whom.</summary>
public sealed class OrganisationApiTests(string kind) : ApiTest(kind)
{
    private const string Import = "/api/organisation/import";

    private static string Demo => File.ReadAllText(new ShippedFiles().DemoOrganisation);

    // The demo with one more person in Sales, managed by 马丽 (E031).
    private static string Changed => Demo.TrimEnd() + "\nE043,秦风,Feng Qin,feng.qin@example.com,zh-CN,D300,市场销售部,Sales & Marketing,D000,E031,employee,P3,,\n";

    [TearDown]
    public async Task RestoreTheDemoOrganisation()
    {
        using var admin = await SignedIn("E002");
        using var response = await admin.PostAsync(Import, Csv(Demo));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task An_administrator_imports_a_changed_file_and_gets_its_counts()
    {
        using var admin = await SignedIn("E002");
        using var response = await admin.PostAsync(Import, Csv(Changed));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        using var added = await admin.GetAsync("/api/organisation/people/E043");
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
            Assert.That(((bool)body["imported"]!, (bool)body["dryRun"]!, (int)body["people"]!, (int)body["departments"]!), Is.EqualTo((true, false, 41, 5)));
            Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the new person is stored");
        });
    }

    [Test]
    public async Task A_dry_run_checks_the_file_and_stores_nothing()
    {
        using var admin = await SignedIn("E002");
        using var response = await admin.PostAsync(Import + "?dryRun=true", Csv(Changed));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToJsonString());
            Assert.That(((bool)body["imported"]!, (bool)body["dryRun"]!, (int)body["people"]!), Is.EqualTo((false, true, 41)));
            Assert.That(await OrganisationDirectory.FindPersonAsync(Db, "E043"), Is.Null);
        });
    }

    [Test]
    public async Task A_file_sent_as_multipart_is_imported()
    {
        using var admin = await SignedIn("E002");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Changed));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "people.csv");
        using var response = await admin.PostAsync(Import, form);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That((response.StatusCode, (int?)body["people"]), Is.EqualTo((HttpStatusCode.OK, (int?)41)), body.ToJsonString());
    }

    [Test]
    public async Task A_broken_file_is_400_with_every_problem_by_row_and_column_and_nothing_changes()
    {
        // Row 3 is 林晓 (E002): a bad email; row 11 is 张伟 (E011): a manager nobody has.
        var lines = Changed.Split('\n').ToList();
        lines[2] = lines[2].Replace("xiao.lin@example.com", "not-an-email", StringComparison.Ordinal);
        lines[10] = lines[10].Replace(",E010,manager,M2", ",E999,manager,M2", StringComparison.Ordinal);
        using var admin = await SignedIn("E002");
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        using var response = await admin.PostAsync(Import, Csv(string.Join('\n', lines)));
        var problem = await Problem(response, 400);
        var errors = problem["errors"]!.AsObject();
        var problems = problem["problems"]!.AsArray();
        Assert.Multiple(async () =>
        {
            Assert.That(errors.Select(e => e.Key), Is.EquivalentTo(new[] { "/3/email", "/11/manager_id" }), problem.ToJsonString());
            Assert.That((string?)errors["/3/email"]![0]!["code"], Is.EqualTo("email-invalid"));
            Assert.That((string?)errors["/3/email"]![0]!["message"], Does.Contain("not-an-email").And.Not.Match(@"\p{IsCJKUnifiedIdeographs}"));
            Assert.That(problems.Select(p => ((int)p!["row"]!, (string?)p["column"])), Is.EqualTo(new[] { (3, "email"), (11, "manager_id") }));
            Assert.That(await OrganisationDirectory.FindPersonAsync(Db, "E043"), Is.Null, "nothing of the file is stored");
            Assert.That((await OrganisationDirectory.FindPersonAsync(Db, "E011"))!.ManagerId, Is.EqualTo("E010"));
        });
    }

    [Test]
    public async Task A_gb18030_file_is_refused_as_not_utf8()
    {
        using var admin = await SignedIn("E002");
        var gb18030 = CodePagesEncodingProvider.Instance.GetEncoding("GB18030")!;
        using var content = new ByteArrayContent(gb18030.GetBytes(Changed));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await admin.PostAsync(Import, content);
        var problem = await Problem(response, 400);
        Assert.Multiple(async () =>
        {
            Assert.That((string?)problem["errors"]![""]![0]!["code"], Is.EqualTo("file-not-utf8"), problem.ToJsonString());
            Assert.That(await OrganisationDirectory.FindPersonAsync(Db, "E043"), Is.Null);
        });
    }

    [TestCase("E004")]
    [TestCase("E005")]
    [TestCase("E031")]
    [TestCase("E012")]
    public async Task Only_an_administrator_may_import(string personId)
    {
        using var client = await SignedIn(personId);
        using var response = await client.PostAsync(Import, Csv(Changed));
        await Problem(response, 403);
        Assert.That(await OrganisationDirectory.FindPersonAsync(Db, "E043"), Is.Null);
    }

    [Test]
    public async Task A_body_that_is_neither_csv_nor_xlsx_is_415()
    {
        using var admin = await SignedIn("E002");
        using var response = await admin.PostAsync(Import, Json("{}"));
        await Problem(response, 415);
    }

    [TestCase("E002", 40)]
    [TestCase("E004", 40)]
    [TestCase("E011", 6)]
    [TestCase("E030", 13)]
    [TestCase("E012", 1)]
    public async Task People_are_listed_as_far_as_the_caller_may_see_them(string personId, int total)
    {
        using var client = await SignedIn(personId);
        var page = await client.GetFromJsonAsync<JsonObject>("/api/organisation/people?pageSize=200");
        var ids = page!["items"]!.AsArray().Select(p => (string)p!["id"]!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That((int)page["total"]!, Is.EqualTo(total));
            Assert.That(ids, Has.Count.EqualTo(total).And.Contains(personId));
        });
    }

    [Test]
    public async Task People_are_searched_by_id_or_name_and_paged()
    {
        using var admin = await SignedIn("E002");
        var byName = await admin.GetFromJsonAsync<JsonObject>("/api/organisation/people?q=" + Uri.EscapeDataString("李娜"));
        var byEnglish = await admin.GetFromJsonAsync<JsonObject>("/api/organisation/people?q=anna");
        var second = await admin.GetFromJsonAsync<JsonObject>("/api/organisation/people?page=2&pageSize=5");
        using var bad = await admin.GetAsync("/api/organisation/people?page=0&pageSize=x");
        var problem = await Problem(bad, 400);
        Assert.Multiple(() =>
        {
            Assert.That(byName!["items"]!.AsArray().Select(p => (string)p!["id"]!), Is.EqualTo(new[] { "E012" }));
            Assert.That(byEnglish!["items"]!.AsArray().Select(p => (string)p!["id"]!), Is.EqualTo(new[] { "E015" }));
            Assert.That(second!["items"]!.AsArray().Select(p => (string)p!["id"]!), Is.EqualTo(new[] { "E006", "E007", "E008", "E010", "E011" }));
            Assert.That(((int)second["total"]!, (int)second["page"]!, (int)second["pageSize"]!), Is.EqualTo((40, 2, 5)));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EquivalentTo(new[] { "page", "pageSize" }));
        });
    }

    [Test]
    public async Task A_reimport_that_renames_one_person_and_removes_another_is_what_the_search_finds_at_once()
    {
        using var admin = await SignedIn("E002");
        // 李娜 (E012) becomes 李娜娜 / Nana Li; 李安娜 (E015, Anna Li) leaves.
        var renamed = string.Join('\n', Demo.TrimEnd().Split('\n')
            .Where(line => !line.StartsWith("E015,", StringComparison.Ordinal))
            .Select(line => line.StartsWith("E012,", StringComparison.Ordinal) ? line.Replace("E012,李娜,Na Li,", "E012,李娜娜,Nana Li,", StringComparison.Ordinal) : line)) + "\n";
        async Task<string[]> Found(string q) =>
            [.. (await admin.GetFromJsonAsync<JsonObject>("/api/organisation/people?pageSize=100&q=" + Uri.EscapeDataString(q)))!["items"]!.AsArray().Select(p => (string)p!["id"]!)];
        var before = (await Found("李安娜"), await Found("Anna Li"), await Found("Nana"), await Found("E015"));

        using var response = await admin.PostAsync(Import, Csv(renamed));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var after = (await Found("李安娜"), await Found("Anna Li"), await Found("Nana"), await Found("E015"), await Found("李娜娜"), await Found("nA lI"), await Found("李娜"), await Found("娜"));

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo((new[] { "E015" }, new[] { "E015" }, Array.Empty<string>(), new[] { "E015" })), "before");
            Assert.That(after.Item1.Concat(after.Item2).Concat(after.Item4), Is.Empty, "李安娜 is gone, by name and by id");
            Assert.That(after.Item3, Is.EqualTo(new[] { "E012" }), "Nana Li");
            Assert.That(after.Item5, Is.EqualTo(new[] { "E012" }), "李娜娜");
            Assert.That(after.Item6, Is.EqualTo(new[] { "E012" }), "Nana Li, in any case");
            Assert.That(after.Item7, Is.EqualTo(new[] { "E012" }), "two characters");
            Assert.That(after.Rest.Item1, Is.EqualTo(new[] { "E012" }), "one character");
        });
    }

    [Test]
    public async Task A_people_search_longer_than_100_characters_is_400_naming_q()
    {
        using var admin = await SignedIn("E002");
        using var longest = await admin.GetAsync("/api/organisation/people?q=" + new string('x', 100));
        using var tooLong = await admin.GetAsync("/api/organisation/people?q=" + new string('x', 101));
        var problem = await Problem(tooLong, 400);
        Assert.Multiple(() =>
        {
            Assert.That(longest.StatusCode, Is.EqualTo(HttpStatusCode.OK), "100 characters are searched");
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "q" }));
        });
    }

    [TestCase("E011", "E012", HttpStatusCode.OK)]
    [TestCase("E011", "E034", HttpStatusCode.NotFound)]
    [TestCase("E012", "E012", HttpStatusCode.OK)]
    [TestCase("E012", "E013", HttpStatusCode.NotFound)]
    [TestCase("E004", "E034", HttpStatusCode.OK)]
    [TestCase("E002", "E999", HttpStatusCode.NotFound)]
    public async Task A_person_is_shown_only_to_who_may_see_them(string viewer, string subject, HttpStatusCode expected)
    {
        using var client = await SignedIn(viewer);
        using var response = await client.GetAsync("/api/organisation/people/" + subject);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), text);
        if (expected == HttpStatusCode.NotFound && await OrganisationDirectory.FindPersonAsync(Db, subject) is { } person)
        {
            Assert.That(text, Does.Not.Contain(person.Name.ZhCn).And.Not.Contain(person.Name.En).And.Not.Contain(person.Email));
        }
    }

    private static ByteArrayContent Csv(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return content;
    }
}
