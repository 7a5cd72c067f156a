using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FormFlow.Cycles;

namespace FormFlow.Api.Tests;

/// <summary>
/// Department heads own their flows (issue 14): who may draft, publish and launch a process owned by a department,
/// over the demo organisation with one change — 孙悦 (E005) is the HRBP of Human Resources (D100) and Sales (D300)
/// only, not of the whole company, so that one HRBP serves another department. The department is R&amp;D (D200): its
/// parent is the CEO Office (D000, headed by E001), its child Platform Engineering (D210, headed by E021); Sales
/// (D300, headed by E030) is another department. No cell is 404: processes and departments are visible to everyone
/// signed in, so a refusal hides nothing and says why.
/// </summary>
public sealed class ProcessOwnershipTests(string kind) : ApiTest(kind)
{
    private const string Department = "D200";
    private const string AnotherDepartment = "D300";
    private const string Admin = "E002";
    private const string Api = "/api/authoring/processes";

    private static readonly Lazy<string> OrganisationFile = new(() =>
    {
        var demo = File.ReadAllLines(Path.Combine(TestContext.CurrentContext.TestDirectory, "shipped", "organisation", "demo-organisation.csv"));
        var path = Path.Combine(Path.GetTempPath(), $"formflow-process-owners-{Environment.ProcessId}.csv");
        File.WriteAllLines(path, demo.Select(line => line.StartsWith("E005,", StringComparison.Ordinal) ? line.Replace("D000 D100 D300", "D100 D300", StringComparison.Ordinal) : line));
        return path;
    });

    private readonly Dictionary<string, Task<string>> published = [];

    public enum Act
    {
        Draft,
        Publish,
        LaunchForTheDepartment,
        LaunchForAnotherDepartment,
        PreviewTheLaunch,
    }

    private protected override IReadOnlyDictionary<string, string?>? HostSettings => new Dictionary<string, string?>
    {
        ["FormFlow:Organisation:InitialFile"] = OrganisationFile.Value,
    };

    public static IEnumerable<TestCaseData> Matrix()
    {
        // Who, and what each may do with a process of R&D: 2xx allowed, 403 refused.
        var people = new (string Who, string Id, int Draft, int Publish, int Launch, int LaunchElsewhere, int Preview)[]
        {
            ("An_administrator", "E002", 200, 200, 201, 201, 200),
            ("The_hrbp_of_the_department", "E004", 200, 200, 201, 403, 200),
            ("The_hrbp_of_another_department", "E005", 403, 403, 403, 403, 403),
            ("The_head_of_the_department", "E010", 200, 200, 201, 403, 200),
            ("The_head_of_the_parent_department", "E001", 200, 200, 201, 201, 200),
            ("The_head_of_a_child_department", "E021", 403, 403, 403, 403, 403),
            ("The_head_of_another_department", "E030", 403, 403, 403, 403, 403),
            ("An_employee", "E012", 403, 403, 403, 403, 403),
        };
        foreach (var (who, id, draft, publish, launch, elsewhere, preview) in people)
        {
            foreach (var (act, status, what) in new[]
            {
                (Act.Draft, draft, "drafting_a_process_of_the_department"),
                (Act.Publish, publish, "publishing_a_process_of_the_department"),
                (Act.LaunchForTheDepartment, launch, "launching_it_for_the_department"),
                (Act.LaunchForAnotherDepartment, elsewhere, "launching_it_for_another_department"),
                (Act.PreviewTheLaunch, preview, "previewing_its_launch_for_the_department"),
            })
            {
                yield return new TestCaseData(id, act, status).SetName($"{who}_{what}_{(status < 300 ? "is_allowed" : "is_" + status)}");
            }
        }
    }

    [TestCaseSource(nameof(Matrix))]
    public async Task Who_may_draft_publish_and_launch_a_process_of_a_department(string personId, Act act, int expected)
    {
        using var client = await SignedIn(personId);
        switch (act)
        {
            case Act.Draft:
            {
                var key = NewKey();
                using var response = await client.PutAsync($"{Api}/{key}/draft", Json(Process(key, Department)));
                await ExpectAsync(response, expected, "D200");
                break;
            }

            case Act.Publish:
            {
                var key = NewKey();
                using var admin = await SignedIn(Admin);
                await Expect(await admin.PutAsync($"{Api}/{key}/draft", Json(Process(key, Department))), 200, "the administrator's draft");
                using var response = await client.PostAsync($"{Api}/{key}/publish", null);
                await ExpectAsync(response, expected, "D200");
                var versions = JsonNode.Parse(await client.GetStringAsync($"{Api}/{key}/versions"))!.AsArray();
                Assert.That(versions, Has.Count.EqualTo(expected == 200 ? 1 : 0), "what was published");
                break;
            }

            case Act.PreviewTheLaunch:
            {
                using var response = await client.PostAsync("/api/cycles/preview", Json(Launch(NewKey(), await PublishedAsync(Department), Department)));
                await ExpectAsync(response, expected, "D200");
                break;
            }

            default:
            {
                var cycle = NewKey();
                var population = act == Act.LaunchForTheDepartment ? Department : AnotherDepartment;
                using var response = await client.PostAsync("/api/cycles", Json(Launch(cycle, await PublishedAsync(Department), population)));
                await ExpectAsync(response, expected, act == Act.LaunchForAnotherDepartment && personId is "E004" or "E010" ? "D300" : "D200");
                Assert.That(await CycleOperations.FindAsync(Db, cycle), expected == 201 ? Is.Not.Null : Is.Null, "the cycle");
                break;
            }
        }
    }

    [Test]
    public async Task A_head_may_not_draft_a_process_of_the_whole_organisation_which_every_hrbp_may()
    {
        using var head = await SignedIn("E010");
        using var otherHrbp = await SignedIn("E005");
        var key = NewKey();
        using var byHead = await head.PutAsync($"{Api}/{key}/draft", Json(Process(key, owner: null)));
        var problem = await Problem(byHead, 403);
        using var byHrbp = await otherHrbp.PutAsync($"{Api}/{key}/draft", Json(Process(key, owner: null)));
        using var publish = await otherHrbp.PostAsync($"{Api}/{key}/publish", null);
        Assert.Multiple(() =>
        {
            Assert.That((string?)problem["code"], Is.EqualTo("authoring.forbidden"));
            Assert.That((string?)problem["detail"], Does.Contain("ownerDepartment"));
            Assert.That(byHrbp.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(publish.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [TestCase("E010", Department, 201, Description = "the head of R&D, for R&D")]
    [TestCase("E010", AnotherDepartment, 403, Description = "the head of R&D, for Sales")]
    [TestCase("E021", Department, 403, Description = "the head of Platform Engineering, for R&D above it")]
    [TestCase("E021", "D210", 201, Description = "the head of Platform Engineering, for it")]
    public async Task A_head_launches_a_process_of_the_whole_organisation_only_for_their_own_departments(string personId, string population, int expected)
    {
        using var head = await SignedIn(personId);
        using var response = await head.PostAsync("/api/cycles", Json(Launch(NewKey(), "annual-review", population)));
        await ExpectAsync(response, expected, population);
    }

    [Test]
    public async Task A_head_may_not_take_over_a_process_another_department_owns()
    {
        var key = await PublishedAsync(AnotherDepartment);
        using var head = await SignedIn("E010");
        using var response = await head.PutAsync($"{Api}/{key}/draft", Json(Process(key, Department)));
        var problem = await Problem(response, 403);
        Assert.That((string?)problem["detail"], Does.Contain("市场销售部（D300）"), "the refusal names the department owning it");
    }

    [Test]
    public async Task The_refusal_says_why_in_the_callers_language_naming_the_department()
    {
        var key = NewKey();
        using var head = await SignedIn("E030");
        head.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        using var english = await head.PutAsync($"{Api}/{key}/draft", Json(Process(key, Department)));
        head.DefaultRequestHeaders.AcceptLanguage.Clear();
        head.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        using var chinese = await head.PutAsync($"{Api}/{key}/draft", Json(Process(key, Department)));
        var (en, zh) = (await Problem(english, 403), await Problem(chinese, 403));
        Assert.Multiple(() =>
        {
            Assert.That((string?)en["detail"], Is.EqualTo($"\"{key}\" is owned by \"R&D Center\" (D200): you may author only the processes of the departments you are the HRBP or the head of (and those below them)."));
            Assert.That((string?)zh["detail"], Is.EqualTo($"「{key}」属于「研发中心（D200）」：您只能编写您担任 HRBP 或负责的部门（及其下级部门）的流程。"));
        });
    }

    [Test]
    public async Task The_owner_is_shown_with_each_version_the_draft_and_the_list()
    {
        var key = await PublishedAsync(Department);
        using var head = await SignedIn("E010");
        var versions = JsonNode.Parse(await head.GetStringAsync($"{Api}/{key}/versions"))!.AsArray();
        var version = JsonNode.Parse(await head.GetStringAsync($"{Api}/{key}/versions/1"))!;
        var list = JsonNode.Parse(await head.GetStringAsync($"{Api}?pageSize=200"))!["items"]!.AsArray();
        await Expect(await head.PutAsync($"{Api}/{key}/draft", Json(Process(key, "D210"))), 200, "the head hands the draft to Platform Engineering");
        var draft = JsonNode.Parse(await head.GetStringAsync($"{Api}/{key}/draft"))!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)versions[0]!["ownerDepartment"], Is.EqualTo(Department));
            Assert.That((string?)version["ownerDepartment"], Is.EqualTo(Department));
            Assert.That((string?)version["document"]!["ownerDepartment"], Is.EqualTo(Department));
            Assert.That((string?)list.Single(i => (string?)i!["key"] == key)!["ownerDepartment"], Is.EqualTo(Department));
            Assert.That(list.Single(i => (string?)i!["key"] == "annual-review")!.AsObject().ContainsKey("ownerDepartment"), Is.False, "a process of the whole organisation has none");
            Assert.That((string?)draft["ownerDepartment"], Is.EqualTo("D210"));
        });
    }

    [Test]
    public async Task An_owner_that_is_not_a_department_id_is_400_and_an_unknown_department_a_lint_error()
    {
        var key = NewKey();
        using var hrbp = await SignedIn("E004");
        var wrongType = JsonNode.Parse(Process(key, Department))!;
        wrongType["ownerDepartment"] = 200;
        using var saved = await hrbp.PutAsync($"{Api}/{key}/draft", Json(wrongType.ToJsonString()));
        var problem = await Problem(saved, 400);
        using var admin = await SignedIn(Admin);
        using var lint = await admin.PostAsync($"{Api}/{key}/lint", Json(Process(key, "D999")));
        var findings = JsonNode.Parse(await lint.Content.ReadAsStringAsync())!["findings"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "/ownerDepartment" }));
            Assert.That(findings.Select(f => ((string?)f!["code"], (string?)f["path"])), Does.Contain(((string?)"process.unknown-department", (string?)"$.ownerDepartment")));
        });
    }

    [Test]
    public async Task An_hrbp_may_not_import_a_process_another_department_owns_and_nothing_is_imported()
    {
        var key = NewKey();
        using var hrbp = await SignedIn("E004");
        using var content = new ByteArrayContent(Zip(new Dictionary<string, string> { [$"processes/{key}.json"] = Process(key, AnotherDepartment) }));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        using var response = await hrbp.PostAsync("/api/authoring/import?publish=true", content);
        var problem = await Problem(response, 403);
        using var versions = await hrbp.GetAsync($"{Api}/{key}/versions");
        Assert.Multiple(() =>
        {
            Assert.That((string?)problem["detail"], Does.Contain("D300"));
            Assert.That(versions.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing was imported");
        });
    }

    // A process of the given department (or of the whole organisation), published once per fixture by the administrator.
    private Task<string> PublishedAsync(string owner)
    {
        if (!published.TryGetValue(owner, out var key))
        {
            key = PublishAsync(owner);
            published[owner] = key;
        }

        return key;

        async Task<string> PublishAsync(string department)
        {
            var processKey = NewKey();
            using var admin = await SignedIn(Admin);
            await Expect(await admin.PutAsync($"{Api}/{processKey}/draft", Json(Process(processKey, department))), 200, "the administrator's draft");
            await Expect(await admin.PostAsync($"{Api}/{processKey}/publish", null), 200, "the administrator's publication");
            return processKey;
        }
    }

    private static async Task ExpectAsync(HttpResponseMessage response, int expected, string named)
    {
        if (expected >= 300)
        {
            var problem = await Problem(response, expected);
            Assert.That((string?)problem["detail"], Does.Contain(named).Or.Contain("只有管理员"), "the refusal says why");
            return;
        }

        Assert.That((int)response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
    }

    private static string NewKey() => "owned-" + Guid.NewGuid().ToString("N")[..10];

    private static string Process(string key, string? owner)
    {
        var document = JsonNode.Parse($$"""
            {
              "key": "{{key}}",
              "title": { "zh-CN": "部门自评", "en": "Department self-review" },
              "forms": { "self": "self-review" },
              "start": "self",
              "steps": {
                "self": { "kind": "form", "form": "self", "assignee": "subject", "write": ["basics", "results", "reflection", "overall"], "next": "end" },
                "end": { "kind": "end" }
              }
            }
            """)!.AsObject();
        if (owner is not null)
        {
            document["ownerDepartment"] = owner;
        }

        return document.ToJsonString();
    }

    private static string Launch(string cycleId, string processKey, string department) => new JsonObject
    {
        ["cycleId"] = cycleId,
        ["name"] = "部门自评 / Department self-review",
        ["processKey"] = processKey,
        ["startsAt"] = "2026-12-01T09:00:00+08:00",
        ["endsAt"] = "2027-01-31T18:00:00+08:00",
        ["population"] = new JsonObject { ["departmentId"] = department },
    }.ToJsonString();
}
