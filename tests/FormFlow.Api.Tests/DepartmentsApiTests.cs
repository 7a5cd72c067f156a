using System.Net;
using System.Text.Json.Nodes;

namespace FormFlow.Api.Tests;

/// <summary>
/// <c>GET /api/organisation/departments</c> over the demo organisation: 总裁办 (D000) with 人力资源部 (D100), 研发中心
/// (D200, and 平台研发部 D210 below it) and 销售部 (D300) below it; who is shown which, and what of each.
/// </summary>
public sealed class DepartmentsApiTests(string kind) : ApiTest(kind)
{
    [TestCase("E002", new[] { "D000", "D100", "D200", "D210", "D300" }, new[] { "D000", "D100", "D200", "D210", "D300" }, Description = "the administrator: all, and may launch for all")]
    [TestCase("E004", new[] { "D200", "D210" }, new[] { "D200", "D210" }, Description = "the HRBP of R&D")]
    [TestCase("E005", new[] { "D000", "D100", "D200", "D210", "D300" }, new[] { "D000", "D100", "D200", "D210", "D300" }, Description = "the HRBP of the root department")]
    [TestCase("E010", new[] { "D200", "D210" }, new[] { "D200", "D210" }, Description = "the head of R&D: theirs and below")]
    [TestCase("E021", new[] { "D210" }, new[] { "D210" }, Description = "the head of Platform Engineering: their own only")]
    public async Task Each_is_shown_the_departments_they_launch_for_or_head_and_those_below(string personId, string[] shown, string[] launchable)
    {
        using var client = await SignedIn(personId);
        var page = await GetJson(client, "/api/organisation/departments");
        var items = page["items"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(items.Select(d => (string?)d!["id"]), Is.EqualTo(shown));
            Assert.That(items.Where(d => (bool)d!["mayLaunch"]!).Select(d => (string?)d!["id"]), Is.EqualTo(launchable));
            Assert.That((int)page["total"]!, Is.EqualTo(shown.Length));
        });
    }

    [Test]
    public async Task A_department_names_itself_its_parent_head_and_hrbp_and_counts_its_people_with_and_without_those_below()
    {
        using var hrbp = await SignedIn("E004");
        var items = (await GetJson(hrbp, "/api/organisation/departments"))["items"]!.AsArray();
        var rd = items.Single(d => (string?)d!["id"] == "D200")!;
        var platform = items.Single(d => (string?)d!["id"] == "D210")!;
        Assert.Multiple(() =>
        {
            Assert.That(((string?)rd["name"]!["zh-CN"], (string?)rd["name"]!["en"]), Is.EqualTo(("研发中心", "R&D Center")));
            Assert.That((string?)rd["parentId"], Is.EqualTo("D000"));
            Assert.That(((string?)rd["head"]!["id"], (string?)rd["head"]!["name"]!["zh-CN"]), Is.EqualTo(("E010", "刘洋")));
            Assert.That((string?)rd["hrbp"]!["id"], Is.EqualTo("E004"));
            Assert.That(((int)rd["people"]!, (int)rd["peopleWithin"]!), Is.EqualTo((11, 19)));
            Assert.That((string?)platform["parentId"], Is.EqualTo("D200"));
            Assert.That(((int)platform["people"]!, (int)platform["peopleWithin"]!), Is.EqualTo((8, 8)));
        });
    }

    [TestCase("E011", Description = "a manager")]
    [TestCase("E012", Description = "an employee")]
    public async Task Anyone_who_neither_launches_nor_heads_a_department_is_refused_the_list(string personId)
    {
        using var client = await SignedIn(personId);
        using var response = await client.GetAsync("/api/organisation/departments");
        var problem = await Problem(response, 403);
        Assert.Multiple(() =>
        {
            Assert.That((string?)problem["code"], Is.EqualTo("organisation.departments-forbidden"));
            Assert.That(problem.ContainsKey("items"), Is.False);
        });
    }

    [Test]
    public async Task Without_a_token_the_list_is_401()
    {
        using var anonymous = Anonymous();
        using var response = await anonymous.GetAsync("/api/organisation/departments");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_page_of_departments_is_a_page_and_a_bad_one_is_400_naming_it()
    {
        using var admin = await SignedIn("E002");
        var second = await GetJson(admin, "/api/organisation/departments?page=2&pageSize=2");
        using var bad = await admin.GetAsync("/api/organisation/departments?pageSize=0");
        var problem = await Problem(bad, 400);
        Assert.Multiple(() =>
        {
            Assert.That(second["items"]!.AsArray().Select(d => (string?)d!["id"]), Is.EqualTo(new[] { "D200", "D210" }));
            Assert.That(((int)second["total"]!, (int)second["page"]!, (int)second["pageSize"]!), Is.EqualTo((5, 2, 2)));
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "pageSize" }));
        });
    }
}
