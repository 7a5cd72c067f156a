using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using FormFlow.Notifications;
using FormFlow.Reports;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// The sweep: every shipped process run to its end on the fake clock about 刘洋 (P5) — each free-text field written
/// with a marker naming its process, form and field (⟦ar.record.plan.3⟧), the first task of each step that may return
/// returning with a marked reason and a marked comment on every field its person reads, each first task of a step left
/// until its reminder and escalation have fired. Then, for every person of the small organisation, every read entry
/// point a host calls — the inbox, each of their tasks, each instance, its timeline and schedule, the instance list,
/// the four reports built for them — and every notice they received holds no marker of a field the rule does not grant
/// them, no reason they may not read, and not even the id of an instance they may not see; and each instance shows
/// each person exactly the markers of what they are granted. What the rule grants is written out below for each
/// process, from docs/processes.md ("Who sees what"), not computed by the code under test.
/// </summary>
public partial class VisibilitySweepTests(string kind) : RuntimeTest(kind)
{
    private const string Subject = "P5";
    private const string BaseUrl = "https://formflow.example.com/";

    private static readonly string[] People = ["P1", "P2", "P3", "P4", "P5", "P6", "P7"];

    // A marker's process: a short code, so that markers fit the templates' length limits.
    private static readonly Dictionary<string, string> Codes = new()
    {
        ["annual-review"] = "ar",
        ["performance-improvement"] = "pip",
        ["feedback-360"] = "fb",
        ["feedback-log"] = "log",
        ["kpi-quarterly"] = "kpi",
        ["next-period-goals"] = "npg",
    };

    // Who reads what at the end of each run, by process: the sections of each form ("form.*" for every section), an
    // empty list for someone who sees the instance but reads none of it; a person left out does not see the instance.
    // P1 is the CEO (a manager up everyone's chain, head of D0, an administrator), P2 the head of D1 and P5's
    // skip-level manager, P4 P5's manager, P6 the HRBP of D0, P7 the HRBP of D1, P3 P5's colleague in D1.
    private static readonly string[] ManagersOfTheAnnualReview = ["self.*", "prep.*", "record.*", "idp.*", "checkin.*"];

    private static readonly Dictionary<string, Dictionary<string, string[]>> Grants = new()
    {
        // Managers up the chain read what the manager and skip-level parts read and what the process shows the
        // manager (the self-review, the check-ins); the employee their own parts; HRBPs the rating the process
        // shows them; the colleague nothing.
        ["annual-review"] = new()
        {
            ["P1"] = ManagersOfTheAnnualReview,
            ["P2"] = ManagersOfTheAnnualReview,
            ["P4"] = ManagersOfTheAnnualReview,
            ["P5"] = ["self.*", "record.*", "idp.aspiration", "idp.goals", "checkin.*"],
            ["P6"] = ["record.rating"],
            ["P7"] = ["record.rating"],
        },

        // The HRBPs read the plan through the HR check (P7 holds it, P6 oversees as HRBP of the department above).
        ["performance-improvement"] = new()
        {
            ["P1"] = ["pip.*", "checkin.*"],
            ["P2"] = ["pip.*", "checkin.*"],
            ["P4"] = ["pip.*", "checkin.*"],
            ["P5"] = ["pip.*", "checkin.*"],
            ["P6"] = ["pip.*"],
            ["P7"] = ["pip.*"],
        },

        // P3, P2 and P7 answer; the answers are read only aggregated, by whoever reads the answer section.
        ["feedback-360"] = new()
        {
            ["P1"] = ["request.*"],
            ["P2"] = ["request.*"],
            ["P3"] = ["request.request", "request.answer"],
            ["P4"] = ["request.*"],
            ["P5"] = ["request.request", "request.answer"],
            ["P6"] = [],
            ["P7"] = ["request.request", "request.answer"],
        },

        // Started by the annual review's end with its development plan: the employee reads and updates the plan's
        // aspiration and goals (not the manager's review of it, as in the annual review), the managers up the chain the
        // whole plan; the KPIs as in the quarterly KPI setting.
        ["next-period-goals"] = new()
        {
            ["P1"] = ["idp.*", "kpi.*"],
            ["P2"] = ["idp.*", "kpi.*"],
            ["P4"] = ["idp.*", "kpi.*"],
            ["P5"] = ["idp.aspiration", "idp.goals", "kpi.indicators", "kpi.agreement"],
            ["P6"] = [],
            ["P7"] = [],
        },

        // The weekly checkpoints: the employee's own, followed up by the manager, read up the chain as the KPIs are.
        ["kpi-quarterly"] = new()
        {
            ["P1"] = ["kpi.*", "checkpoint.*"],
            ["P2"] = ["kpi.*", "checkpoint.*"],
            ["P4"] = ["kpi.*", "checkpoint.*"],
            ["P5"] = ["kpi.*", "checkpoint.*"],
            ["P6"] = [],
            ["P7"] = [],
        },
    };

    // The feedback log: the employee reads a shared entry, and of a private one not even that it exists.
    private static Dictionary<string, string[]> FeedbackLogGrants(bool shared)
    {
        var grants = new Dictionary<string, string[]> { ["P1"] = ["entry.*"], ["P2"] = ["entry.*"], ["P4"] = ["entry.*"], ["P6"] = [], ["P7"] = [] };
        if (shared)
        {
            grants["P5"] = ["entry.*"];
        }

        return grants;
    }

    private static readonly JsonSerializerOptions Literal = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Dictionary<string, JsonObject> seeded = [];
    private readonly HashSet<string> returnedAt = [];
    private readonly List<Reason> reasons = [];
    private readonly Dictionary<string, int> respondedAt = [];
    private int markers;

    // The fixture lives for all its tests: each starts with no markers, returns or answers of another's.
    [SetUp]
    public void Forget()
    {
        seeded.Clear();
        returnedAt.Clear();
        reasons.Clear();
        respondedAt.Clear();
        overrides.Clear();
        markers = 0;
    }

    [TestCase(5, TestName = "{m}(rating 5: the skip-level approves, then the IDP, three check-ins and the next period's goals)")]
    [TestCase(2, TestName = "{m}(rating 2: an improvement plan follows)")]
    public async Task The_annual_review_shows_each_person_no_more_than_the_rule_grants(int rating)
    {
        await PublishAnnualReview();
        Override("ar", "interview-record", d =>
        {
            d["overall_rating"] = rating;
            d["employee_confirmed"] = true;
        });
        Override("pip", "improvement-plan", d => (d["employee_confirmed"], d["manager_confirmed"]) = (true, true));
        await StartInCycle("annual-review", Subject, CycleStart, CycleStart.AddDays(60));

        await RunToTheEndAsync();

        var processes = await ProcessesRunAsync();
        Assert.That(processes, Is.EquivalentTo(rating <= 2 ? new[] { "annual-review", "performance-improvement" } : ["annual-review", "next-period-goals"]));
        await SweepAsync(Grants);
    }

    [Test]
    public async Task The_360_round_shows_each_person_no_more_than_the_rule_grants()
    {
        await PublishSample("feedback-360");
        Override("fb", "feedback-request-360", d => d["reviewers"] = new JsonArray(
            new JsonObject { ["person_id"] = "P3", ["relationship"] = "peer" },
            new JsonObject { ["person_id"] = "P2", ["relationship"] = "manager" },
            new JsonObject { ["person_id"] = "P7", ["relationship"] = "cross-team" }));
        await Runtime.StartAsync("feedback-360", Subject, "P6");

        await RunToTheEndAsync();

        var round = (await InstanceIdsAsync()).Single();
        Assert.That((int?)(await Instances.InstanceAsync(round, Subject))!.Answers["collect"]?["count"], Is.EqualTo(3), "three answered");
        await SweepAsync(Grants);
        foreach (var person in People)
        {
            foreach (var instance in await InstanceIdsAsync())
            {
                var view = await Instances.InstanceAsync(instance, person);
                var timeline = await Instances.TimelineAsync(instance, person) ?? [];
                Assert.That(view?.Answers["collect"]?.ToJsonString() ?? "", Does.Not.Contain("\"by\""), $"{person} reads who answered");
                Assert.That(timeline.Where(e => e.From == "collect" && e.Action == "task.submitted").Select(e => e.Actor), Is.All.Null, $"{person} reads who answered");
            }
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_feedback_log_entry_shows_each_person_no_more_than_the_rule_grants(bool shared)
    {
        await PublishSample("feedback-log");
        Override("log", "feedback-log", d => d["visible_to_employee"] = shared);
        await Runtime.StartAsync("feedback-log", Subject, "P4");

        await RunToTheEndAsync();

        await SweepAsync(new() { ["feedback-log"] = FeedbackLogGrants(shared) });
    }

    [Test]
    public async Task The_quarterly_KPIs_show_each_person_no_more_than_the_rule_grants()
    {
        await PublishSample("kpi-quarterly");
        await Runtime.StartAsync("kpi-quarterly", Subject, "P6");

        await RunToTheEndAsync();

        await SweepAsync(Grants);
    }

    // ---- running a process to its end ----

    // Acts on every open task about the subject, oldest first, until every instance has ended; when nobody has
    // anything to do, a day passes (waits, check-ins). The first task of each step waits for its reminder and its
    // escalation first, so that those notices are swept too.
    private async Task RunToTheEndAsync()
    {
        var waited = new HashSet<string>();
        for (var turn = 0; turn < 500; turn++)
        {
            var open = await OpenTasksAsync();
            if (open.Count == 0)
            {
                if (await RunningAsync() == 0)
                {
                    return;
                }

                await Advance(TimeSpan.FromDays(1));
                continue;
            }

            var (task, process) = open[0];
            if (task.DueAt is { } due && waited.Add(process + ":" + task.Step)
                && DateTimeOffset.FromUnixTimeMilliseconds(due) + TimeSpan.FromDays(2) - Clock.GetUtcNow() is { Ticks: > 0 } wait)
            {
                await Advance(wait);
                continue;
            }

            await ActAsync(task, process);
        }

        Assert.Fail("the processes did not end within 500 turns");
    }

    private async Task ActAsync(TaskRow task, string process)
    {
        var person = task.AssigneeId;
        var form = (await Tasks.OpenAsync(task.Id, person))!;
        var code = Codes[process];
        var formName = FormName(process, form.Template);
        var document = Seeded(code, formName, form.Template);
        TaskOutcome outcome;
        if (form.Actions.Contains("return") && returnedAt.Add($"{task.InstanceId}:{task.Step}"))
        {
            var reason = Marker($"reason.{code}.{formName}");
            var comments = form.Readable.Select(f => new ReturnComment("/" + f, Marker($"{code}.{formName}.{f}"))).Take(50).ToList();
            outcome = await Tasks.ReturnAsync(task.Id, person, reason, comments, null);
            var revisers = (await OpenTasksAsync()).Where(t => t.Task.InstanceId == task.InstanceId && t.Task.CreatedAt == Now).Select(t => t.Task.AssigneeId);
            reasons.Add(new Reason(reason, process, formName, person, [.. revisers]));
        }
        else
        {
            var data = new JsonObject();
            foreach (var field in form.Writable.Where(document.ContainsKey))
            {
                data[field] = document[field]!.DeepClone();
            }

            if (task.Step == "respond")
            {
                // The employee objects once (the manager revises), then agrees.
                var first = respondedAt.TryAdd(task.InstanceId, 1);
                data["employee_decision"] = first ? "object" : "agree";
                data.Remove("objection_reason");
                if (first)
                {
                    data["objection_reason"] = Marker($"{code}.{formName}.objection_reason");
                }
            }

            outcome = form.Kind switch
            {
                "form" => await Tasks.SubmitAsync(task.Id, person, data, null),
                "confirmation" => await Tasks.ConfirmAsync(task.Id, person, data, null),
                _ => await Tasks.ApproveAsync(task.Id, person, data, null),
            };
        }

        Assert.That(outcome.Status, Is.EqualTo(TaskOutcomeStatus.Done), () => $"{person} at {process}/{task.Step}: {string.Join("; ", outcome.Problems.Select(p => $"{p.Pointer} {p.Code} {p.Message.En}"))}");
    }

    // The template's richest valid example with every free-text value the template lets be anything replaced by a
    // marker (one that breaks a rule — a date, a name other fields refer to — keeps its value).
    private JsonObject Seeded(string code, string form, string templateKey)
    {
        var key = $"{code}.{form}";
        if (seeded.TryGetValue(key, out var document))
        {
            return document;
        }

        var template = FormTemplate.Load(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, templateKey + ".json"))).Template!;
        document = Directory.GetFiles(Path.Combine(RepositoryFiles.Templates, "examples", templateKey), "valid-*.json")
            .Order(StringComparer.Ordinal)
            .Select(f => JsonNode.Parse(File.ReadAllText(f))!["data"]!.AsObject())
            .MaxBy(d => d.Count)!
            .DeepClone().AsObject();
        if (overrides.TryGetValue(key.Split('.')[0] + "." + templateKey, out var change))
        {
            change(document);
        }

        var problems = Problems(template, document);
        foreach (var (leaf, field) in StringLeaves(document))
        {
            var before = leaf.GetValue<string>();
            var marker = Marker($"{code}.{form}.{field}");
            leaf.ReplaceWith(marker);
            var replaced = Find(document, marker)!;
            if (Problems(template, document) != problems)
            {
                replaced.ReplaceWith(before);
            }
        }

        seeded[key] = document;
        return document;
    }

    private readonly Dictionary<string, Action<JsonObject>> overrides = [];

    private void Override(string code, string template, Action<JsonObject> change) => overrides[code + "." + template] = change;

    private static string Problems(FormTemplate template, JsonObject document) =>
        string.Join("\n", template.Validate(JsonSerializer.SerializeToElement(document)).Problems.Select(p => p.Pointer + " " + p.Code).Order(StringComparer.Ordinal));

    // The string values of a document with the top-level field each sits in; person ids are left alone (a for-each
    // reads them).
    private static List<(JsonValue Leaf, string Field)> StringLeaves(JsonObject document)
    {
        var leaves = new List<(JsonValue, string)>();
        void Walk(JsonNode? node, string field, string name)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj.ToList())
                    {
                        Walk(value, field, key);
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array.ToList())
                    {
                        Walk(item, field, name);
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out _) && name != "person_id":
                    leaves.Add((value, field));
                    break;
            }
        }

        foreach (var (field, value) in document.ToList())
        {
            Walk(value, field, field);
        }

        return leaves;
    }

    private static JsonValue? Find(JsonNode? node, string text) => node switch
    {
        JsonObject obj => obj.Select(p => Find(p.Value, text)).FirstOrDefault(v => v is not null),
        JsonArray array => array.Select(i => Find(i, text)).FirstOrDefault(v => v is not null),
        JsonValue value when value.TryGetValue<string>(out var s) && s == text => value,
        _ => null,
    };

    private string Marker(string what) => $"⟦{what}.{++markers}⟧";

    private static string FormName(string process, string template)
    {
        var forms = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", process + ".json")))!["forms"]!.AsObject();
        return forms.Single(f => (string?)f.Value == template).Key;
    }

    // ---- the sweep ----

    private async Task SweepAsync(Dictionary<string, Dictionary<string, string[]>> grants)
    {
        var instances = await InstancesAsync();
        var cycle = instances.Select(i => i.CycleId).FirstOrDefault(c => c is not null);
        Assert.That(markers, Is.GreaterThan(5), "the forms were written with markers");
        Assert.Multiple(async () =>
        {
            foreach (var person in People)
            {
                var reads = new List<(string Where, string Text)>();
                var inbox = await Tasks.InboxAsync(person, new InboxQuery { PageSize = 100 });
                reads.Add(("inbox", Json(inbox)));
                foreach (var item in inbox.Items)
                {
                    reads.Add(($"task {item.Step}", Json(await Tasks.OpenAsync(item.Id, person))));
                }

                reads.Add(("instance list", Json(await Instances.OfSubjectAsync(Subject, person, 1, 100))));
                foreach (var instance in instances)
                {
                    var view = await Instances.InstanceAsync(instance.Id, person);
                    reads.Add(($"instance {instance.ProcessKey}", Json(view)));
                    reads.Add(($"timeline {instance.ProcessKey}", Json(await Instances.TimelineAsync(instance.Id, person))));
                    reads.Add(($"schedule {instance.ProcessKey}", Json(await Instances.ScheduleAsync(instance.Id, person))));

                    // Who sees the instance, and exactly the markers of what they are granted.
                    var granted = grants[instance.ProcessKey].GetValueOrDefault(person);
                    Assert.That(view is not null, Is.EqualTo(granted is not null), $"whether {person} sees {instance.ProcessKey}");
                    var stored = Markers(JsonNode.Parse(instance.State)!.ToJsonString(Literal)).Where(m => Granted(grants, person, m)).ToHashSet();
                    Assert.That(Markers(Json(view?.Forms) + Json(view?.Answers)), Is.EquivalentTo(stored), $"what {person} reads of {instance.ProcessKey}");
                }

                foreach (var (key, about) in new[] { ("history", Subject), ("pre-interview", Subject), ("follow-up", "P4"), ("cycle-progress", cycle) })
                {
                    if (about is not null && await ReportRendering.RenderAsync(Db, Clock, key, about, person, "zh-CN", ReportFormat.Html) is { } report)
                    {
                        reads.Add(($"report {key}", Encoding.UTF8.GetString(report.Content)));
                    }
                }

                foreach (var message in await NoticesToAsync(person))
                {
                    var model = await InTransaction(Db, w => NotificationModel.BuildAsync(w, message, person, BaseUrl));
                    var mail = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, message, person, BaseUrl));
                    reads.Add(($"notice {model.Event}", Json(model) + mail.Subject + mail.Body));
                }

                foreach (var (where, text) in reads)
                {
                    Assert.That(Markers(text).Where(m => !Granted(grants, person, m)), Is.Empty, $"{person}'s {where} holds what the rule does not grant them");
                    Assert.That(reasons.Where(r => text.Contains(r.Marker, StringComparison.Ordinal) && !r.ReadBy(person, grants)).Select(r => r.Marker), Is.Empty, $"{person}'s {where} holds a reason they may not read");
                    Assert.That(instances.Where(i => grants[i.ProcessKey].GetValueOrDefault(person) is null && text.Contains(i.Id, StringComparison.Ordinal)).Select(i => i.ProcessKey), Is.Empty, $"{person}'s {where} names an instance they may not see");
                }
            }
        });
    }

    // Whether the marker is of a field (or a comment on a field) the grants give the person.
    private static bool Granted(Dictionary<string, Dictionary<string, string[]>> grants, string person, string marker)
    {
        var parts = marker.Trim('⟦', '⟧').Split('.');
        if (parts[0] == "reason")
        {
            return true; // judged with the returns
        }

        var process = Codes.Single(c => c.Value == parts[0]).Key;
        var (form, field) = (parts[1], parts[2]);
        var sections = grants[process].GetValueOrDefault(person) ?? [];
        var template = FormTemplate.Load(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, TemplateOf(process, form) + ".json"))).Template!;
        return sections.Contains(form + ".*") || template.Sections.Any(s => s.Fields.Contains(field) && sections.Contains(form + "." + s.Key));
    }

    private static string TemplateOf(string process, string form) =>
        (string)JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", process + ".json")))!["forms"]![form]!;

    private static HashSet<string> Markers(string text) => [.. MarkerPattern().Matches(text).Select(m => m.Value)];

    [GeneratedRegex("⟦[^⟧]+⟧")]
    private static partial Regex MarkerPattern();

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, Literal);

    /// <summary>
    /// A return's reason, and who may read it: the returner, the people the form went back to, and — every returner of
    /// the shipped processes reading the whole form — whoever is granted every section of it.
    /// </summary>
    private sealed record Reason(string Marker, string Process, string Form, string Returner, IReadOnlyList<string> Revisers)
    {
        public bool ReadBy(string person, Dictionary<string, Dictionary<string, string[]>> grants) =>
            person == Returner || Revisers.Contains(person) || (grants[Process].GetValueOrDefault(person) ?? []).Contains(Form + ".*");
    }

    // ---- the rows ----

    private Task<IReadOnlyList<(TaskRow Task, string Process)>> OpenTasksAsync() => InTransaction(Db, async w => (IReadOnlyList<(TaskRow, string)>)[.. await w.Connection.QueryAsync<TaskRow, string, (TaskRow, string)>(
        """
        SELECT t.id AS Id, t.instance_id AS InstanceId, t.step AS Step, t.assignee_id AS AssigneeId, t.due_at AS DueAt, t.status AS Status,
               t.data AS Data, t.version AS Version, t.created_at AS CreatedAt, t.completed_at AS CompletedAt, i.process_key AS ProcessKey
        FROM tasks t JOIN process_instances i ON i.id = t.instance_id
        WHERE i.subject_id = @Subject AND t.status = 'open' ORDER BY t.created_at, t.id
        """,
        (task, process) => (task, process),
        new { Subject },
        w.Transaction,
        splitOn: "ProcessKey")]);

    private Task<int> RunningAsync() => InTransaction(Db, w => w.Connection.ExecuteScalarAsync<int>(
        "SELECT COUNT(*) FROM process_instances WHERE subject_id = @Subject AND status = 'running'", new { Subject }, w.Transaction));

    private Task<IReadOnlyList<InstanceRow>> InstancesAsync() => InTransaction(Db, async w => (IReadOnlyList<InstanceRow>)[.. await w.Connection.QueryAsync<InstanceRow>(
        """
        SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
               status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
        FROM process_instances WHERE subject_id = @Subject ORDER BY created_at, id
        """,
        new { Subject },
        w.Transaction)]);

    private async Task<IReadOnlyList<string>> InstanceIdsAsync() => [.. (await InstancesAsync()).Select(i => i.Id)];

    private async Task<IReadOnlyList<string>> ProcessesRunAsync() => [.. (await InstancesAsync()).Select(i => i.ProcessKey)];

    // Every outbox message addressed to the person or copying them.
    private async Task<IReadOnlyList<OutboxMessage>> NoticesToAsync(string person)
    {
        var ids = await InTransaction(Db, async w => (await w.Connection.QueryAsync<string>("SELECT id FROM outbox ORDER BY created_at, id", transaction: w.Transaction)).ToList());
        var messages = new List<OutboxMessage>();
        foreach (var id in ids)
        {
            var message = (await InTransaction(Db, w => OutboxStore.FindAsync(w, id)))!;
            var payload = JsonNode.Parse(message.Payload)!;
            if (message.Recipient == person || (payload["cc"] as JsonArray ?? []).Any(c => (string?)c == person))
            {
                messages.Add(message);
            }
        }

        return messages;
    }
}
