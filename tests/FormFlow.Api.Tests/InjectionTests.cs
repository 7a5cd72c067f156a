using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Api.Workers;
using FormFlow.Storage;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace FormFlow.Api.Tests;

/// <summary>
/// What people type cannot become anything but text: SQL, Scriban, HTML, spreadsheet formulas and line breaks in
/// form fields, return reasons and comments, cycle names and an author's process titles come back byte for byte and
/// change nothing else; they show as text in notifications, mails and reports; a CSV cell does not start a formula; a
/// mail subject stays one header. And ids one was not given reach nothing: neighbours of a real id, ids named in a
/// body. 李娜 (E012), 王强 (E013), 杨帆 (E014) and 高翔 (E016) are 张伟's (E011) reports; 赵敏 (E004) their HRBP; mails go to the test SMTP server.
/// </summary>
public sealed class InjectionTests(string kind) : ApiTest(kind)
{
    private const string Hrbp = "E004";
    private const string Manager = "E011";
    private const string Employee = "E012";
    private const string Other = "E013";

    // 高翔, in no other review of this fixture: the pre-interview report reads his only one.
    private const string Fresh = "E016";

    /// <summary>The texts tried: each goes into every text field the test fills.</summary>
    internal static readonly string[] Payloads =
    [
        "'; DROP TABLE tasks; --",
        "Robert'); DELETE FROM people WHERE ('1'='1",
        "\" OR \"\"=\"",
        "' OR 1=1 /* comment */ --",
        "1; UPDATE process_instances SET subject_id = 'E013'; --",
        "$$; SELECT pg_sleep(5); $$ $tag$ \\' \\\\ %_ ?",
        "{{ \"inj\" + \"ected\" }}",
        "{{ for x in 1..3 }}loop{{ end }} {{ recipient.email }}",
        "{% raw %}{{ 7 * 191 }}{% endraw %}",
        "<script>alert('xss')</script>",
        "<img src=x onerror=\"alert(1)\">",
        "=cmd|' /C calc'!A0",
        "+SUM(1,2) -2+3 @SUM(A1)",
        "line one\r\nBcc: attacker@evil.example\r\nX-Injected: yes",
        "Ünïcödé 中文 𝄞 emoji 🎉 \t tab",
    ];

    private protected override IReadOnlyDictionary<string, string?>? HostSettings
    {
        get
        {
            var smtp = Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP") ?? "127.0.0.1:25";
            var colon = smtp.LastIndexOf(':');
            return new Dictionary<string, string?>
            {
                ["FormFlow:Limits:MaxRequestBytes"] = "1048576",
                ["FormFlow:Delivery:Smtp:Host"] = smtp[..colon],
                ["FormFlow:Delivery:Smtp:Port"] = smtp[(colon + 1)..],
                ["FormFlow:Delivery:Smtp:Security"] = "None",
                ["FormFlow:Delivery:Smtp:From"] = "formflow@example.com",
            };
        }
    }

    [Test]
    public async Task Sql_scriban_html_and_line_breaks_in_every_text_field_come_back_byte_identical_and_change_nothing_else()
    {
        var hrbp = await SignedIn(Hrbp);
        var employee = await SignedIn(Employee);
        var manager = await SignedIn(Manager);
        var cycle = await LaunchAsync(hrbp, "注入 / injection " + Payloads[0], Employee);
        var before = await FingerprintAsync();
        var tried = 0;

        // The self-review's free texts, four at a time, saved as a draft and read back.
        var task = await OnlyOpenTaskAsync(employee, cycle, "self-review");
        string[] fields = ["highlights", "difficulties", "support_wanted", "development_wishes"];
        for (var i = 0; i < Payloads.Length; i += fields.Length)
        {
            var data = Example("self-review", "valid-annual-rating-5");
            for (var f = 0; f < fields.Length; f++)
            {
                data[fields[f]] = Payloads[(i + f) % Payloads.Length];
            }

            data["goal_results"]![0]!["goal"] = Payloads[i];
            await Expect(await Send(employee, HttpMethod.Put, $"/api/tasks/{task}/draft", new JsonObject { ["data"] = data.DeepClone() }), 200, "draft");
            var back = (await GetJson(employee, $"/api/tasks/{task}"))["data"]!;
            Assert.Multiple(() =>
            {
                foreach (var field in fields)
                {
                    Assert.That((string?)back[field], Is.EqualTo((string?)data[field]), field);
                }

                Assert.That((string?)back["goal_results"]![0]!["goal"], Is.EqualTo(Payloads[i]), "goal");
            });
            tried += fields.Length + 1;
        }

        // Through to the manager's return: a reason and a comment of each payload, read back on the revision.
        var self = Example("self-review", "valid-annual-rating-5");
        self["highlights"] = string.Concat(Payloads);
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{task}/submit", new JsonObject { ["data"] = self }), 200, "self-review");
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(manager, cycle, "prepare")}/submit", new JsonObject { ["data"] = Example("interview-preparation-333", "valid-sales-manager-prep") }), 200, "preparation");
        var record = Only(Example("interview-record", "valid-developer-rating-4"), "went_well", "to_improve", "plan");
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(employee, cycle, "record")}/submit", new JsonObject { ["data"] = record.DeepClone() }), 200, "record");
        var reason = string.Join(" | ", Payloads);
        var comments = new JsonArray([.. Payloads.Select(p => (JsonNode?)new JsonObject { ["field"] = "/plan", ["body"] = p })]);
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(manager, cycle, "record")}/return", new JsonObject { ["reason"] = reason, ["comments"] = comments }), 200, "return");
        var revision = await GetJson(employee, $"/api/tasks/{await OnlyOpenTaskAsync(employee, cycle, "record")}");
        tried += Payloads.Length + 1;

        // The cycle's name.
        var names = Strings(await GetJson(hrbp, $"/api/cycles/{cycle}")).ToList();
        tried++;

        // An author's process title, drafted and read back.
        var process = JsonNode.Parse(Unzip(await hrbp.GetByteArrayAsync("/api/authoring/export"))["processes/feedback-log.json"])!.AsObject();
        process["title"] = new JsonObject { ["zh-CN"] = Payloads[0] + Payloads[6], ["en"] = Payloads[13] + Payloads[9] };
        await Expect(await hrbp.PutAsync("/api/authoring/processes/feedback-log/draft", Json(process.ToJsonString())), 200, "drafting the process");
        var drafted = await GetJson(hrbp, "/api/authoring/processes/feedback-log/draft");
        tried += 2;

        var after = await FingerprintAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Strings(revision), Does.Contain(reason), $"the reason comes back as written: {revision.ToJsonString()}");
            Assert.That(revision["comments"]!.AsArray().Select(c => (string?)c!["body"]), Is.EquivalentTo(Payloads), "each comment comes back as written");
            Assert.That(names, Does.Contain("注入 / injection " + Payloads[0]), "the cycle's name");
            Assert.That(JsonNode.DeepEquals(Find(drafted, "title"), process["title"]), Is.True, $"the process title: {drafted.ToJsonString()}");

            // What the statements would have done: the tables are there, nobody and nothing else changed.
            Assert.That(after, Is.EqualTo(before), "the people, departments and other people's instances are as they were");
        });
        TestContext.Out.WriteLine($"{Payloads.Length} payloads, {tried} fields written and read back");
    }

    [Test]
    public async Task A_cycle_name_with_line_breaks_scriban_and_sql_reaches_each_mail_as_text_in_one_subject_header()
    {
        var name = "2026 {{ \"inj\" + \"ected\" }}'; DROP TABLE outbox; --\r\nBcc: attacker@evil.example\r\nX-Injected: yes";
        var hrbp = await SignedIn(Hrbp);
        var mailsBefore = Directory.GetFiles(SmtpDump()).ToHashSet(StringComparer.Ordinal);
        var launch = await hrbp.PostAsync("/api/cycles", Json(AnnualReviewLaunch("mail-" + Guid.NewGuid().ToString("N")[..8], name, Employee, "E015")));
        var launchText = await launch.Content.ReadAsStringAsync();
        if (launch.StatusCode != HttpStatusCode.Created)
        {
            // Refusing a name with line breaks outright is as good: nothing of it can reach a header.
            var problem = await Problem(launch, 400);
            Assert.That(problem["errors"]?.AsObject().Select(e => e.Key), Does.Contain("/name"), launchText);
            Assert.Fail($"the name was refused, so the mail path was not exercised: {launchText}");
        }

        await Host.Services.GetRequiredService<OutboxWorker>().DeliverAsync(CancellationToken.None);
        var mails = await MailsToAsync(mailsBefore, ["na.li@example.com", "anna.li@example.com"]);

        Assert.That(mails, Has.Count.EqualTo(2), "one launch mail each for 李娜 (zh-CN) and Anna Li (en)");
        Assert.Multiple(() =>
        {
            foreach (var mail in mails)
            {
                var to = mail.To.Mailboxes.Single().Address;
                Assert.That(mail.Headers.Where(h => h.Field.Equals("Bcc", StringComparison.OrdinalIgnoreCase) || h.Field.Equals("X-Injected", StringComparison.OrdinalIgnoreCase)), Is.Empty, $"{to}: no header came from the name");
                Assert.That(mail.Headers.Count(h => h.Field.Equals("Subject", StringComparison.OrdinalIgnoreCase)), Is.EqualTo(1), to);
                Assert.That(mail.Headers.Where(h => h.Field == "X-Rcpt-Args").Select(h => h.Value.Trim().Trim('<', '>')), Is.EqualTo(new[] { to }), $"{to}: the server delivered to the recipient only");
                Assert.That(mail.Subject, Does.Contain("Bcc: attacker@evil.example").And.Contain("{{ \"inj\" + \"ected\" }}"), $"{to}: the name is in the subject as text");
                Assert.That(mail.TextBody, Does.Contain("{{ \"inj\" + \"ected\" }}'; DROP TABLE outbox; --").And.Not.Contain("injected"), $"{to}: the body holds the name unevaluated");
            }
        });
    }

    [Test]
    public async Task Scriban_and_html_in_a_form_field_show_as_text_in_a_report_and_in_a_notice()
    {
        var hrbp = await SignedIn(Hrbp);
        var employee = await SignedIn(Fresh);
        var manager = await SignedIn(Manager);
        var cycle = await LaunchAsync(hrbp, "报表 / report", Fresh);
        var self = Example("self-review", "valid-annual-rating-5");
        (self["highlights"], self["difficulties"], self["support_wanted"], self["development_wishes"]) = (Payloads[6], Payloads[9], Payloads[10], Payloads[7]);
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(employee, cycle, "self-review")}/submit", new JsonObject { ["data"] = self }), 200, "self-review");

        using var report = await manager.GetAsync($"/api/reports/pre-interview/{Fresh}");
        var html = await report.Content.ReadAsStringAsync();
        var text = WebUtility.HtmlDecode(html);

        // The return's reason and comment go into the returned notice's Scriban model: rendered, they stay text.
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(manager, cycle, "prepare")}/submit", new JsonObject { ["data"] = Example("interview-preparation-333", "valid-sales-manager-prep") }), 200, "preparation");
        var record = Only(Example("interview-record", "valid-developer-rating-4"), "went_well", "to_improve", "plan");
        await Expect(await Send(employee, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(employee, cycle, "record")}/submit", new JsonObject { ["data"] = record }), 200, "record");
        await Expect(await Send(manager, HttpMethod.Post, $"/api/tasks/{await OnlyOpenTaskAsync(manager, cycle, "record")}/return", new JsonObject
        {
            ["reason"] = Payloads[6] + " " + Payloads[7],
            ["comments"] = new JsonArray(new JsonObject { ["field"] = "/plan", ["body"] = Payloads[8] }),
        }), 200, "return");
        var mailsBefore = Directory.GetFiles(SmtpDump()).ToHashSet(StringComparer.Ordinal);
        await Host.Services.GetRequiredService<OutboxWorker>().DeliverAsync(CancellationToken.None);
        var returned = (await MailsToAsync(mailsBefore, ["xiang.gao@example.com"])).Where(m => m.Headers["X-FormFlow-Event"] == "task.returned").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(report.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
            Assert.That(text, Does.Contain(Payloads[6]).And.Contain(Payloads[7]), "the Scriban is shown, not run");
            Assert.That(text, Does.Not.Contain("injected").And.Not.Contain("looplooploop").And.Not.Contain("xiang.gao@example.com"), "nothing of it was evaluated");
            Assert.That(html, Does.Not.Contain("<script>alert").And.Not.Contain("<img src=x"), "the markup is escaped");
            Assert.That(text, Does.Contain(Payloads[9]).And.Contain(Payloads[10]), "and shows as text");
            Assert.That(returned, Has.Count.EqualTo(1), "the returned notice was mailed");
            var body = returned.FirstOrDefault()?.TextBody ?? "";
            Assert.That(body, Does.Contain(Payloads[6]).And.Contain(Payloads[7]).And.Contain(Payloads[8]), $"the reason and comment are in the notice as written: {body}");
            Assert.That(body, Does.Not.Contain("injected").And.Not.Contain("looplooploop").And.Not.Contain("1337"), "and were not evaluated");
        });
    }

    [Test]
    public async Task A_step_title_that_starts_a_formula_is_text_in_the_cycle_progress_csv()
    {
        var hrbp = await SignedIn(Hrbp);
        var process = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFile("samples", "processes", "annual-review.json")))!.AsObject();
        process["key"] = "annual-review-formula";
        var step = process["steps"]!["self-review"]!;
        step["title"] = new JsonObject { ["zh-CN"] = Payloads[11], ["en"] = Payloads[12] };
        await Expect(await hrbp.PutAsync("/api/authoring/processes/annual-review-formula/draft", Json(process.ToJsonString())), 200, "drafting");
        await Expect(await hrbp.PostAsync("/api/authoring/processes/annual-review-formula/publish", null), 200, "publishing");
        var cycle = "csv-" + Guid.NewGuid().ToString("N")[..8];
        var body = JsonNode.Parse(AnnualReviewLaunch(cycle, "公式 / formula", "E014"))!;
        body["processKey"] = "annual-review-formula";
        await Expect(await hrbp.PostAsync("/api/cycles", Json(body.ToJsonString())), 201, "launching");

        Host.Clock.Advance(TimeSpan.FromDays(15));
        using var fresh = await SignedIn(Hrbp);
        using var response = await fresh.GetAsync($"/api/reports/cycle-progress/{cycle}?format=csv&table=overdue");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), csv);
            Assert.That(csv, Does.Contain("'" + Payloads[11]).Or.Contain("\"'" + Payloads[11].Replace("\"", "\"\"", StringComparison.Ordinal)), $"the formula is neutralised: {csv}");
            Assert.That(csv.Split('\n').SelectMany(l => l.Split(',')).Select(c => c.TrimStart('"')), Has.None.StartsWith("=").And.None.StartsWith("@"), csv);
        });
    }

    [Test]
    public async Task Neighbours_of_a_real_task_id_and_ids_named_in_a_body_reach_nothing_of_anyone_elses()
    {
        var hrbp = await SignedIn(Hrbp);
        var employee = await SignedIn(Employee);
        var other = await SignedIn(Other);
        var cycle = await LaunchAsync(hrbp, "邻居 / neighbours", Employee, Other);
        var mine = await OnlyOpenTaskAsync(employee, cycle, "self-review");
        var theirs = await OnlyOpenTaskAsync(other, cycle, "self-review");
        var theirTask = await GetJson(other, $"/api/tasks/{theirs}");
        var theirInstance = (string)theirTask["task"]!["instanceId"]!;
        using var nothing = await employee.GetAsync("/api/tasks/" + Guid.NewGuid().ToString("N"));
        var notFound = Normalised(await nothing.Content.ReadAsStringAsync());

        // UUIDv7 ids made at one moment share their first 12 digits: the neighbours of theirs, and the ids of that moment.
        var guesses = new List<string> { theirs, theirs.ToUpperInvariant(), theirs[..12] + new string('0', 20), theirs[..12] + new string('f', 20), theirs + " ", "%20" + theirs, theirs[..^1] };
        foreach (var delta in new[] { -2, -1, 1, 2 })
        {
            var last = Convert.ToInt64(theirs[^8..], 16) + delta;
            guesses.Add(theirs[..^8] + (last & 0xffffffff).ToString("x8", CultureInfo.InvariantCulture));
        }

        var before = await FingerprintAsync();
        var answers = new List<string>();
        foreach (var guess in guesses.Where(g => g != mine))
        {
            foreach (var (method, suffix, payload) in new[] { ("GET", "", (string?)null), ("PUT", "/draft", """{"data": {"period": "2026"}}"""), ("POST", "/submit", """{"data": {"period": "2026"}}"""), ("POST", "/approve", "{}"), ("POST", "/return", """{"reason": "x"}"""), ("POST", "/confirm", "{}") })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/tasks/{Uri.EscapeDataString(guess)}{suffix}") { Content = payload is null ? null : Json(payload) };
                using var response = await employee.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                answers.Add($"{method} {guess}{suffix}: {(int)response.StatusCode} {(response.StatusCode == HttpStatusCode.NotFound && Normalised(text) == notFound ? "as nothing" : text)}");
            }
        }

        // Ids of theirs named in the body of a command on one's own task.
        var data = Example("self-review", "valid-annual-rating-5");
        var named = new JsonObject
        {
            ["data"] = data.DeepClone(),
            ["taskId"] = theirs,
            ["instanceId"] = theirInstance,
            ["subjectId"] = Other,
            ["assigneeId"] = Other,
            ["id"] = theirs,
        };
        using var withIds = await Send(employee, HttpMethod.Put, $"/api/tasks/{mine}/draft", named);
        var inData = data.DeepClone().AsObject();
        inData["subject"] = Other;
        inData["instanceId"] = theirInstance;
        using var idsInData = await Send(employee, HttpMethod.Put, $"/api/tasks/{mine}/draft", new JsonObject { ["data"] = inData });

        var after = await FingerprintAsync();
        var theirsAfter = await GetJson(other, $"/api/tasks/{theirs}");
        var mineAfter = await GetJson(employee, $"/api/tasks/{mine}");
        TestContext.Out.WriteLine($"{answers.Count} requests with {guesses.Count} guessed ids; ids beside the data: {(int)withIds.StatusCode}, inside it: {(int)idsInData.StatusCode}");
        Assert.Multiple(() =>
        {
            Assert.That(answers.Where(a => !a.EndsWith("as nothing", StringComparison.Ordinal) && !a.Contains(": 400 ", StringComparison.Ordinal)), Is.Empty, "every guess is answered as if nothing were there (or refused as malformed)");
            Assert.That(answers.Where(a => a.Contains(": 400 ", StringComparison.Ordinal) && a.Contains("E013", StringComparison.Ordinal)), Is.Empty, "a malformed guess names nobody");
            Assert.That((int)withIds.StatusCode, Is.EqualTo(200).Or.EqualTo(400), "ids beside the data are ignored or refused");
            Assert.That((int)idsInData.StatusCode, Is.EqualTo(400).Or.EqualTo(403), "ids inside the data are fields the form does not have");
            Assert.That(theirsAfter.ToJsonString(), Is.EqualTo(theirTask.ToJsonString()), "王强's task is as it was");
            Assert.That((string?)mineAfter["task"]!["instanceId"], Is.Not.EqualTo(theirInstance), "李娜's task is still in her own instance");
            Assert.That(after, Is.EqualTo(before), "no task or instance was added or moved");
        });
    }

    // ---- helpers ----

    private async Task<string> LaunchAsync(HttpClient hrbp, string name, params string[] people)
    {
        var cycle = "inj-" + Guid.NewGuid().ToString("N")[..8];
        await Expect(await hrbp.PostAsync("/api/cycles", Json(AnnualReviewLaunch(cycle, name, people))), 201, "launching");
        return cycle;
    }

    private static string SmtpDump()
    {
        var folder = Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP_DUMP");
        if (string.IsNullOrEmpty(folder) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("FORMFLOW_TEST_SMTP")))
        {
            Assert.Fail("FORMFLOW_TEST_SMTP and FORMFLOW_TEST_SMTP_DUMP are not set: run the tests through ./test.sh, or `source tests/smtp.sh` first, which starts a test SMTP server.");
        }

        return folder!;
    }

    // The mails to these addresses the server received since `before`, waiting a little for it to write them.
    private static async Task<List<MimeMessage>> MailsToAsync(HashSet<string> before, string[] addresses)
    {
        var found = new List<MimeMessage>();
        for (var i = 0; i < 50; i++)
        {
            found = [.. Directory.GetFiles(SmtpDump()).Where(f => !before.Contains(f)).Select(Load).OfType<MimeMessage>()
                .Where(m => m.To.Mailboxes.Any(a => addresses.Contains(a.Address, StringComparer.OrdinalIgnoreCase)))];
            if (found.Select(m => m.To.Mailboxes.First().Address).Distinct(StringComparer.OrdinalIgnoreCase).Count() >= addresses.Length)
            {
                break;
            }

            await Task.Delay(100);
        }

        return found;
    }

    private static MimeMessage? Load(string file)
    {
        try
        {
            return MimeMessage.Load(file);
        }
        catch (IOException)
        {
            return null; // still being written
        }
        catch (FormatException)
        {
            return null; // still being written
        }
    }

    private static string Normalised(string text) => GeneratedOrganisationSweepTests.Normalised(text);

    // Every string anywhere in `json`.
    private static IEnumerable<string> Strings(JsonNode? json) => json switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    // The first member called `name` anywhere in `json`.
    private static JsonNode? Find(JsonNode? json, string name) => json switch
    {
        JsonObject o when o.TryGetPropertyValue(name, out var value) => value,
        JsonObject o => o.Select(p => Find(p.Value, name)).FirstOrDefault(v => v is not null),
        JsonArray a => a.Select(v => Find(v, name)).FirstOrDefault(v => v is not null),
        _ => null,
    };

    /// <summary>What the statements in the payloads would change: the people and departments, and every instance's subject.</summary>
    private async Task<string> FingerprintAsync()
    {
        string[] queries =
        [
            "SELECT COUNT(*) FROM people", "SELECT COUNT(*) FROM departments", "SELECT COUNT(*) FROM tasks WHERE assignee_id = 'E013'",
            "SELECT COUNT(*) FROM process_instances WHERE subject_id = 'E013'", "SELECT COUNT(*) FROM cycles",
        ];
        await using var work = await UnitOfWork.BeginReadAsync(Db);
        var figures = new StringBuilder();
        foreach (var query in queries)
        {
            figures.Append(CultureInfo.InvariantCulture, $"{query} = {await work.Connection.ExecuteScalarAsync<long>(query, transaction: work.Transaction)}\n");
        }

        return figures.ToString();
    }
}
