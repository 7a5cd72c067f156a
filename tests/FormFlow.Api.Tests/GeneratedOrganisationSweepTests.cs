using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Storage;

namespace FormFlow.Api.Tests;

/// <summary>
/// The authorisation sweep over generated organisations: for each seed a random tree of departments, managers up a
/// random manager tree, department heads, HRBPs of random departments and an administrator; cycles of the annual
/// review over random parts of it, some self-reviews handed in so that managers hold tasks too. Then every person asks
/// for every person's record, reports, KPI board and instances, every task and every instance by id, every cycle, and
/// ids that exist nowhere. What each gets is decided here from the organisation alone — <see cref="Org"/> states the
/// rules of docs/authorization.md, docs/api-cycles.md and the endpoints' own documentation, not the engine's code —
/// and a refusal is the same Problem Details, word for word, as the answer about something that does not exist.
/// </summary>
[TestFixture]
public sealed class GeneratedOrganisationSweepTests
{
    /// <summary>
    /// The default run: two small organisations (8–11 people), one on SQLite and one on PostgreSQL — the rules live
    /// partly in each dialect's SQL. FORMFLOW_LONG=1 adds two more small ones and eight larger ones (14–22 people), six
    /// on SQLite, two on PostgreSQL.
    /// </summary>
    private static IEnumerable<TestCaseData> Seeds()
    {
        var seeds = new List<(string Kind, int Seed, bool Large)> { ("sqlite", 2, false), ("postgresql", 3, false) };
        if (Environment.GetEnvironmentVariable("FORMFLOW_LONG") == "1")
        {
            seeds.AddRange([("sqlite", 1, false), ("postgresql", 4, false)]);
            seeds.AddRange(Enumerable.Range(11, 8).Select(s => (s % 4 == 0 ? "postgresql" : "sqlite", s, true)));
        }

        foreach (var (kind, seed, large) in seeds)
        {
            yield return new TestCaseData(kind, seed, large).SetArgDisplayNames(kind, "seed " + seed.ToString(CultureInfo.InvariantCulture), large ? "large" : "small");
        }
    }

    [TestCaseSource(nameof(Seeds))]
    public async Task Every_person_gets_exactly_what_their_place_in_a_generated_organisation_gives_them_and_a_refusal_reads_as_not_found(string kind, int seed, bool large)
    {
        var org = Org.Generate(seed, large);
        var file = Path.Combine(Path.GetTempPath(), $"formflow-generated-org-{Environment.ProcessId}-{seed}.csv");
        await File.WriteAllTextAsync(file, org.Csv());
        using var database = TestDatabase.Create(kind);
        using var host = new ApiHost(database, new Dictionary<string, string?> { ["FormFlow:Organisation:InitialFile"] = file, ["FormFlow:Limits:MaxRequestBytes"] = "1048576" });
        var clients = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        try
        {
            foreach (var person in org.People)
            {
                clients[person.Id] = await SignIn(host, person.Id);
            }

            var sweep = new Sweep(org, clients);
            await sweep.ArrangeAsync(host);
            await sweep.RunAsync();
            TestContext.Out.WriteLine($"seed {seed}: {org.People.Count} people, {org.Departments.Count} departments, {sweep.Cycles.Count} cycles, {sweep.Tasks.Count} tasks, {sweep.Requests} requests");
            Assert.Multiple(() =>
            {
                Assert.That(sweep.Failures, Is.Empty, string.Join("\n", sweep.Failures.Take(40)));
                Assert.That(sweep.Allowed, Is.GreaterThan(100), "the sweep saw answers given");
                Assert.That(sweep.Refused, Is.GreaterThan(100), "the sweep saw answers refused");
            });
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }

            File.Delete(file);
        }
    }

    internal static async Task<HttpClient> SignIn(ApiHost host, string personId)
    {
        var client = host.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/dev-sign-in", new { personId });
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
        var token = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A Problem Details body as a person reads it: without the trace and the address they sent, which say nothing.</summary>
    internal static string Normalised(string text)
    {
        var problem = JsonNode.Parse(text)!.AsObject();
        problem.Remove("traceId");
        problem.Remove("instance");
        return problem.ToJsonString();
    }

    /// <summary>The requests and what the rules expect of them.</summary>
    private sealed class Sweep(Org org, Dictionary<string, HttpClient> clients)
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Failures { get; } = [];

        public List<(string Id, HashSet<string> Members)> Cycles { get; } = [];

        /// <summary>Every task id, with its assignee and the subject of its instance.</summary>
        public List<(string Id, string Assignee, string Instance)> Tasks { get; } = [];

        private int requests;
        private int allowed;
        private int refused;

        public int Requests => requests;

        public int Allowed => allowed;

        public int Refused => refused;

        // Instance id → subject.
        private readonly Dictionary<string, string> instances = new(StringComparer.Ordinal);

        // The 404 each kind of address answers for an id that exists nowhere.
        private readonly Dictionary<string, string> notFound = new(StringComparer.Ordinal);

        public async Task ArrangeAsync(ApiHost host)
        {
            var admin = clients[org.Admin];
            var random = new Random(org.Seed * 7919);
            var managed = org.People.Where(p => p.ManagerId is not null).Select(p => p.Id).ToList();
            var subtree = org.Departments[random.Next(org.Departments.Count)].Id;
            List<List<string>> populations =
            [
                managed,
                [.. managed.Where(p => org.DepartmentsUp(p).Contains(subtree))],
                [.. managed.Where(_ => random.Next(3) == 0)],
            ];
            foreach (var population in populations.Where(p => p.Count > 0))
            {
                var id = "gen-" + Guid.NewGuid().ToString("N")[..8];
                var starts = host.Clock.GetUtcNow();
                var body = new JsonObject
                {
                    ["cycleId"] = id,
                    ["name"] = "生成的组织 / generated organisation",
                    ["processKey"] = "annual-review",
                    ["startsAt"] = starts.ToString("o", CultureInfo.InvariantCulture),
                    ["endsAt"] = starts.AddDays(60).ToString("o", CultureInfo.InvariantCulture),
                    ["population"] = new JsonObject { ["personIds"] = new JsonArray([.. population.Select(p => (JsonNode?)p)]) },
                };
                using var launched = await admin.PostAsync("/api/cycles", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                Assert.That((int)launched.StatusCode, Is.EqualTo(201), await launched.Content.ReadAsStringAsync());
                Cycles.Add((id, [.. population]));
            }

            // A third of the subjects hand in their self-review of the first cycle: their manager then holds a task in it.
            var selfReview = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFile("templates", "examples", "self-review", "valid-annual-rating-5.json")))!["data"]!;
            foreach (var person in managed.Where((_, i) => i == 0 || random.Next(3) == 0))
            {
                var inbox = JsonNode.Parse(await clients[person].GetStringAsync($"/api/tasks?cycle={Cycles[0].Id}&status=open"))!["items"]!.AsArray();
                var task = (string)inbox.Single()!["id"]!;
                using var submitted = await clients[person].PostAsync($"/api/tasks/{task}/submit", new StringContent(new JsonObject { ["data"] = selfReview.DeepClone() }.ToJsonString(), Encoding.UTF8, "application/json"));
                Assert.That((int)submitted.StatusCode, Is.EqualTo(200), await submitted.Content.ReadAsStringAsync());
            }

            // Every task and instance, from the database: the sweep must not learn them from the API it tests.
            using var db = new Database(host.Database.Dialect, host.Database.ConnectionString);
            await using var work = await UnitOfWork.BeginReadAsync(db);
            foreach (var (id, subject) in await work.Connection.QueryAsync<(string, string)>("SELECT id, subject_id FROM process_instances", transaction: work.Transaction))
            {
                instances[id] = subject;
            }

            foreach (var (id, assignee, instance) in await work.Connection.QueryAsync<(string, string, string)>("SELECT id, assignee_id, instance_id FROM tasks", transaction: work.Transaction))
            {
                Tasks.Add((id, assignee, instance));
            }

            Assert.That(Tasks.Where(t => t.Assignee != instances[t.Instance]), Is.Not.Empty, "some tasks are held by somebody other than their subject");
        }

        public async Task RunAsync()
        {
            var someone = clients[org.People[0].Id];
            var nobody = "NOBODY-" + org.Seed.ToString(CultureInfo.InvariantCulture);
            foreach (var (key, url) in new[]
            {
                ("person", $"/api/organisation/people/{nobody}"), ("report", $"/api/reports/history?employeeId={nobody}"),
                ("kpi", $"/api/kpi/people/{nobody}/board"), ("instance", "/api/instances/" + Guid.NewGuid().ToString("N")),
                ("task", "/api/tasks/" + Guid.NewGuid().ToString("N")), ("cycle", "/api/cycles/gen-nothing"),
            })
            {
                using var response = await someone.GetAsync(url);
                Interlocked.Increment(ref requests);
                Assert.That((int)response.StatusCode, Is.EqualTo(404), url);
                notFound[key] = Normalised(await response.Content.ReadAsStringAsync());
            }

            // Four people ask at once: the host serves many, and the sweep takes a quarter of the time.
            await Parallel.ForEachAsync(org.People.Select(p => p.Id), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (viewer, _) => await AsViewerAsync(viewer));
        }

        private async Task AsViewerAsync(string viewer)
        {
            var client = clients[viewer];
            foreach (var subject in org.People.Select(p => p.Id))
            {
                await CheckAsync(client, viewer, $"/api/organisation/people/{subject}", org.ReadsPerson(viewer, subject), "person");
                await CheckAsync(client, viewer, $"/api/reports/history?employeeId={subject}", org.ReadsHistory(viewer, subject), "report");
                // The report is about an interview: about nobody in any cycle there is none.
                await CheckAsync(client, viewer, $"/api/reports/pre-interview/{subject}", org.ReadsPreInterview(viewer, subject) && instances.ContainsValue(subject), "report");
                await CheckAsync(client, viewer, $"/api/reports/follow-up?managerId={subject}", org.ReadsFollowUp(viewer, subject), "report");
                await CheckAsync(client, viewer, $"/api/kpi/people/{subject}/board", viewer == subject || org.Oversees(viewer, subject), "kpi");

                // The list of a subject's instances: all of them, or none as if there were none.
                var expected = org.SeesInstancesOf(viewer, subject) ? instances.Values.Count(s => s == subject) : 0;
                using var listed = await client.GetAsync($"/api/instances?subject={subject}&pageSize=100");
                Interlocked.Increment(ref requests);
                var total = (int?)JsonNode.Parse(await listed.Content.ReadAsStringAsync())?["total"];
                if ((int)listed.StatusCode != 200 || total != expected)
                {
                    Failures.Enqueue($"{viewer} lists {subject}'s instances: {(int)listed.StatusCode}, {total} of them; expected {expected}");
                }
            }

            foreach (var (instance, subject) in instances)
            {
                var sees = org.SeesInstancesOf(viewer, subject) || Tasks.Any(t => t.Instance == instance && t.Assignee == viewer);
                await CheckAsync(client, viewer, $"/api/instances/{instance}", sees, "instance");
                await CheckAsync(client, viewer, $"/api/instances/{instance}/timeline", sees, "instance");
            }

            foreach (var (task, assignee, _) in Tasks)
            {
                await CheckAsync(client, viewer, $"/api/tasks/{task}", viewer == assignee, "task");
            }

            foreach (var (cycle, members) in Cycles)
            {
                var access = org.CycleAccess(viewer, members);
                await CheckAsync(client, viewer, $"/api/cycles/{cycle}", access, "cycle");
                await CheckAsync(client, viewer, $"/api/cycles/{cycle}/attention", access, "cycle");
                await CheckAsync(client, viewer, $"/api/reports/cycle-progress/{cycle}", access == CycleAccessLevel.Manage ? 200 : 404, "report");
            }
        }

        private Task CheckAsync(HttpClient client, string viewer, string url, bool allowed, string kind) => CheckAsync(client, viewer, url, allowed ? 200 : 404, kind);

        // Managing and watching read it; knowing of it is 403; anyone else is answered as if it did not exist.
        private Task CheckAsync(HttpClient client, string viewer, string url, CycleAccessLevel access, string kind) =>
            CheckAsync(client, viewer, url, access switch { CycleAccessLevel.None => 404, CycleAccessLevel.Known => 403, _ => 200 }, kind);

        private async Task CheckAsync(HttpClient client, string viewer, string url, int expected, string kind)
        {
            using var response = await client.GetAsync(url);
            Interlocked.Increment(ref requests);
            var status = (int)response.StatusCode;
            if (status != expected)
            {
                Failures.Enqueue($"{viewer} GET {url}: {status}, expected {expected}: {await response.Content.ReadAsStringAsync()}");
                return;
            }

            if (status == 200)
            {
                Interlocked.Increment(ref allowed);
                return;
            }

            Interlocked.Increment(ref refused);
            var body = await response.Content.ReadAsStringAsync();
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                Failures.Enqueue($"{viewer} GET {url}: {status} is no Problem Details: {body}");
            }
            else if (status == 404 && Normalised(body) != notFound[kind])
            {
                Failures.Enqueue($"{viewer} GET {url}: the refusal differs from the answer about nothing: {body} vs {notFound[kind]}");
            }
        }
    }

    /// <summary>How a person stands to a cycle (CyclesApi's documentation): from nothing to managing it.</summary>
    internal enum CycleAccessLevel
    {
        None,
        Known,
        Watch,
        Manage,
    }

    internal sealed record GenPerson(string Id, string DepartmentId, string? ManagerId, bool Admin, bool Hrbp);

    internal sealed record GenDepartment(string Id, string? ParentId, string? HeadId, string? HrbpId);

    /// <summary>A generated organisation and the rules of who sees what, stated over it.</summary>
    internal sealed class Org
    {
        public required int Seed { get; init; }

        public required IReadOnlyList<GenPerson> People { get; init; }

        public required IReadOnlyList<GenDepartment> Departments { get; init; }

        public string Admin => People.First(p => p.Admin).Id;

        /// <summary>
        /// 3–5 departments (5–9 when large), each under one made before it; 8–11 people (14–22 when large), one in each department (a department exists when
        /// someone is in it) and the rest in random ones, each but the first under
        /// a manager made before them (anywhere: a manager need not sit in the report's department); most departments
        /// with a head from their own people; 2–3 HRBPs, each of some departments, a department at most one; one administrator.
        /// </summary>
        public static Org Generate(int seed, bool large)
        {
            var random = new Random(seed);
            var departments = new List<(string Id, string? Parent)>();
            for (var i = 0; i < (large ? random.Next(5, 10) : random.Next(3, 6)); i++)
            {
                departments.Add(($"G{i}", i == 0 ? null : departments[random.Next(i)].Id));
            }

            var people = new List<(string Id, string Department, string? Manager)>();
            for (var i = 0; i < (large ? random.Next(14, 23) : random.Next(8, 12)); i++)
            {
                people.Add(($"P{i:00}", departments[i < departments.Count ? i : random.Next(departments.Count)].Id, i == 0 ? null : people[random.Next(i)].Id));
            }

            var heads = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (id, _) in departments)
            {
                var members = people.Where(p => p.Department == id).ToList();
                if (members.Count > 0 && random.Next(5) > 0)
                {
                    heads[id] = members[random.Next(members.Count)].Id;
                }
            }

            var hrbps = people.Select(p => p.Id).OrderBy(_ => random.Next()).Take(random.Next(2, 4)).ToList();
            var hrbpOf = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (id, _) in departments)
            {
                if (random.Next(4) > 0)
                {
                    hrbpOf[id] = hrbps[random.Next(hrbps.Count)];
                }
            }

            var admin = people.Select(p => p.Id).Where(p => !hrbps.Contains(p)).OrderBy(_ => random.Next()).First();
            return new Org
            {
                Seed = seed,
                People = [.. people.Select(p => new GenPerson(p.Id, p.Department, p.Manager, p.Id == admin, hrbps.Contains(p.Id)))],
                Departments = [.. departments.Select(d => new GenDepartment(d.Id, d.Parent, heads.GetValueOrDefault(d.Id), hrbpOf.GetValueOrDefault(d.Id)))],
            };
        }

        /// <summary>The organisation as an import file.</summary>
        public string Csv()
        {
            var csv = new StringBuilder("id,name_zh,name_en,email,department_id,department_name_zh,department_name_en,parent_department_id,manager_id,roles,is_department_head,is_hrbp_of\n");
            foreach (var p in People)
            {
                var department = Departments.First(d => d.Id == p.DepartmentId);
                var roles = new List<string> { "employee" };
                if (People.Any(r => r.ManagerId == p.Id) || department.HeadId == p.Id)
                {
                    roles.Add("manager");
                }

                if (p.Hrbp)
                {
                    roles.Add("hrbp");
                }

                if (p.Admin)
                {
                    roles.Add("admin");
                }

                var hrbpOf = string.Join(' ', Departments.Where(d => d.HrbpId == p.Id).Select(d => d.Id));
                csv.Append(CultureInfo.InvariantCulture, $"{p.Id},员工{p.Id},Person {p.Id},{p.Id.ToLowerInvariant()}@gen.example.com,{p.DepartmentId},部门{p.DepartmentId},Department {p.DepartmentId},{department.ParentId},{p.ManagerId},{string.Join(' ', roles)},{(department.HeadId == p.Id ? "true" : "")},{hrbpOf}\n");
            }

            return csv.ToString();
        }

        private GenPerson Person(string id) => People.First(p => p.Id == id);

        /// <summary>The person's department and those above it.</summary>
        public List<string> DepartmentsUp(string personId)
        {
            var up = new List<string>();
            for (var d = Departments.FirstOrDefault(d => d.Id == Person(personId).DepartmentId); d is not null; d = Departments.FirstOrDefault(x => x.Id == d.ParentId))
            {
                up.Add(d.Id);
            }

            return up;
        }

        private IEnumerable<string> ManagersOf(string personId)
        {
            for (var m = Person(personId).ManagerId; m is not null; m = Person(m).ManagerId)
            {
                yield return m;
            }
        }

        private bool HeadOver(string viewer, string subject) => DepartmentsUp(subject).Any(d => Departments.First(x => x.Id == d).HeadId == viewer);

        private bool HrbpOver(string viewer, string subject) => DepartmentsUp(subject).Any(d => Departments.First(x => x.Id == d).HrbpId == viewer);

        /// <summary>Oversight: of somebody else, as an administrator, a manager up their chain, a head or the HRBP of their department or one above.</summary>
        public bool Oversees(string viewer, string subject) =>
            viewer != subject && (Person(viewer).Admin || ManagersOf(subject).Contains(viewer) || HeadOver(viewer, subject) || HrbpOver(viewer, subject));

        /// <summary>A person's record: oneself, whoever one oversees; administrators and HRBPs read the whole directory.</summary>
        public bool ReadsPerson(string viewer, string subject) => viewer == subject || Person(viewer).Admin || Person(viewer).Hrbp || Oversees(viewer, subject);

        /// <summary>The history report: one's own, or as an administrator or the HRBP of the person.</summary>
        public bool ReadsHistory(string viewer, string subject) => viewer == subject || Person(viewer).Admin || (viewer != subject && HrbpOver(viewer, subject));

        /// <summary>The pre-interview report: for those overseeing the employee, never the employee.</summary>
        public bool ReadsPreInterview(string viewer, string subject) => Oversees(viewer, subject);

        /// <summary>The follow-up report of a manager: the manager, an administrator, an HRBP of the manager and of every direct report.</summary>
        public bool ReadsFollowUp(string viewer, string manager) =>
            viewer == manager || Person(viewer).Admin
            || (HrbpOver(viewer, manager) && People.Where(p => p.ManagerId == manager).All(r => r.Id != viewer && HrbpOver(viewer, r.Id)));

        /// <summary>The subject's instances (here all at self-review or just past it, which the subject holds or held): the subject and who oversees them.</summary>
        public bool SeesInstancesOf(string viewer, string subject) => viewer == subject || Oversees(viewer, subject);

        /// <summary>
        /// A cycle: administrators and the HRBP of every member's department (or one above) manage it; whoever heads or is
        /// the HRBP of every member's department watches it; a member, or who manages a member, or leads some member's
        /// department knows of it; anyone else does not.
        /// </summary>
        public CycleAccessLevel CycleAccess(string viewer, IReadOnlySet<string> members)
        {
            if (Person(viewer).Admin || members.All(m => HrbpOver(viewer, m)))
            {
                return CycleAccessLevel.Manage;
            }

            if (members.All(m => HrbpOver(viewer, m) || HeadOver(viewer, m)))
            {
                return CycleAccessLevel.Watch;
            }

            return members.Any(m => m == viewer || ManagersOf(m).Contains(viewer) || HrbpOver(viewer, m) || HeadOver(viewer, m)) ? CycleAccessLevel.Known : CycleAccessLevel.None;
        }
    }

    private static string RepositoryFile(params string[] parts)
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "FormFlow.sln")))
        {
            folder = folder.Parent;
        }

        return Path.Combine([folder!.FullName, .. parts]);
    }
}
