using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Notifications;
using FormFlow.Storage;
using FormFlow.Tests.Workflows;
using FormFlow.Workflows;

namespace FormFlow.Tests.Notifications;

/// <summary>
/// Notifications of the annual review run for 刘洋 (P5), manager 张伟 (P4): models built from the real outbox
/// messages, rendered with the shipped and with published templates; publishing refuses broken templates.
/// </summary>
public class NotificationRuntimeTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";
    private const string BaseUrl = "https://formflow.example.com/";

    [SetUp]
    public async Task PublishProcesses()
    {
        await PublishAnnualReview();
    }

    [Test]
    public async Task A_notify_steps_message_reaches_each_person_in_their_own_language()
    {
        Assert.That((await Publish("""
            {
              "key": "announce", "title": { "zh-CN": "通知", "en": "Announcement" },
              "forms": {},
              "start": "tell",
              "steps": {
                "tell": { "kind": "notify", "message": { "zh-CN": "请在周五前完成季度回顾", "en": "Please finish the quarterly review by Friday" }, "to": ["subject", "manager"], "next": "end" },
                "end": { "kind": "end" }
              }
            }
            """)).Published, Is.True);
        await Runtime.StartAsync("announce", "P3", "P6");
        var toSubject = (await OutboxTo("P3"))!;
        var toManager = (await OutboxTo("P2"))!;

        var english = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, toSubject, "P3", BaseUrl));
        var chinese = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, toManager, "P2", BaseUrl));

        Assert.That(english.Body, Does.Contain("Please finish the quarterly review by Friday").And.Not.Contain("周五"));
        Assert.That(chinese.Body, Does.Contain("请在周五前完成季度回顾"));
    }

    [Test]
    public async Task The_overdue_self_review_reaches_the_employee_and_a_differently_worded_copy_their_manager()
    {
        var instance = await StartInCycle("annual-review", Employee, CycleStart, CycleStart.AddDays(30));
        await Advance(TimeSpan.FromDays(14).Add(TimeSpan.FromMinutes(1)));
        var overdue = await Outbox(NoticeEvent.Overdue);
        var task = await TaskOf(Employee, "self-review");

        var model = await InTransaction(Db, w => NotificationModel.BuildAsync(w, overdue, Employee, BaseUrl));
        var email = (await InTransaction(Db, w => FormFlow.Organisation.OrganisationStore.FindPersonAsync(w, Employee)))!.Email;

        Assert.That((model.RecipientId, model.Email, model.Locale, model.RecipientName), Is.EqualTo((Employee, email, "zh-CN", "刘洋")));
        Assert.That((model.SubjectName, model.SubjectDepartment), Is.EqualTo(("刘洋", "平台组")));
        Assert.That(model.TaskDue, Is.EqualTo(NotificationModel.FormatTime(DateTimeOffset.FromUnixTimeMilliseconds(task.DueAt!.Value), "zh-CN")));
        Assert.That(model.TaskDue, Does.Match(@"^2026年12月\d+日 \d\d:\d\d$"));
        Assert.That(model.TaskLink, Is.EqualTo($"https://formflow.example.com/tasks/{task.Id}"));
        Assert.That((model.CycleName, model.IsCopy, model.CopyOfName), Is.EqualTo(("annual-review", false, (string?)null)));
        Assert.That(model.ProcessTitle, Is.Not.Null.And.Not.Empty);
        Assert.That(instance.CycleId, Is.Not.Null);

        var mail = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, overdue, Employee, BaseUrl));
        var copy = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, overdue, Manager, BaseUrl));

        Assert.That((mail.RecipientId, mail.Email, mail.Locale), Is.EqualTo((Employee, email, "zh-CN")));
        Assert.That(mail.Subject, Does.StartWith("【已逾期】"));
        Assert.That(mail.Body, Does.Contain(model.TaskDue).And.Contain(model.TaskLink));
        Assert.That(copy.RecipientId, Is.EqualTo(Manager));
        Assert.That(copy.Subject, Does.StartWith("【逾期抄送】刘洋的待办已逾期"));
        Assert.That(copy.Body, Does.StartWith("张伟，您好").And.Not.Contain("/tasks/"), "the manager cannot open the employee's task");
    }

    [Test]
    public async Task An_accepted_interview_record_tells_its_author_without_a_link_to_a_closed_task()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "record")).Id, Employee, Sample("interview-record", "went-well", "to-improve", "plan")));
        Succeeded(await Runtime.ApproveAsync((await TaskOf(Manager, "record")).Id, Manager, ManagersPart(4, "稳定")));
        var approved = await Outbox(NoticeEvent.Approved);

        var mail = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, approved, Employee, BaseUrl));

        Assert.That(mail.Subject, Is.EqualTo("【已通过】绩效面谈记录"));
        Assert.That(mail.Body, Does.StartWith("刘洋，您好").And.Not.Contain("/tasks/"));
    }

    [Test]
    public async Task A_notice_is_not_rendered_for_someone_it_was_not_meant_for()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        var assigned = await Outbox(NoticeEvent.Assigned);

        Assert.ThrowsAsync<InvalidOperationException>(() => InTransaction(Db, w => NotificationModel.BuildAsync(w, assigned, "P3", BaseUrl)));
    }

    [Test]
    public async Task The_returned_record_carries_the_reason_and_the_reviewers_field_comments_labelled_in_the_recipients_language()
    {
        await Runtime.StartAsync("annual-review", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "record")).Id, Employee, Sample("interview-record", "went-well", "to-improve", "plan")));
        Succeeded(await Runtime.ReturnAsync((await TaskOf(Manager, "record")).Id, Manager, "改进计划缺少时间节点", [new FieldNote("/plan/0/time_node", "请写明日期")]));
        var returned = await Outbox(NoticeEvent.Returned);

        var model = await InTransaction(Db, w => NotificationModel.BuildAsync(w, returned, Employee, BaseUrl));
        var mail = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, returned, Employee, BaseUrl));

        Assert.That(model.Reason, Is.EqualTo("改进计划缺少时间节点"));
        Assert.That(model.Comments, Is.EqualTo(new[] { new CommentModel("改进计划 › 时间节点", "请写明日期", "张伟") }));
        Assert.That(mail.Body, Does.Contain("退回原因：改进计划缺少时间节点").And.Contain("- 改进计划 › 时间节点：请写明日期（张伟）"));
    }

    [Test]
    public async Task A_published_template_replaces_the_shipped_one_and_speaks_the_recipients_language()
    {
        var published = await InTransaction(Db, w => NotificationCatalog.PublishAsync(w, Template("【新任务】{{ task.title }}", "New: {{ task.title }}"), "P6", Now));
        Assert.That(published.Version, Is.EqualTo(1));
        await Runtime.StartAsync("annual-review", Employee, "P6");
        var assigned = await Outbox(NoticeEvent.Assigned);
        await InTransaction(Db, w => w.Connection.ExecuteAsync("UPDATE people SET locale = 'en' WHERE id = @Id", new { Id = Employee }, w.Transaction));

        var mail = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, assigned, Employee, BaseUrl));

        Assert.That((mail.Locale, mail.Subject), Is.EqualTo(("en", "New: Self-review")));
    }

    [Test]
    public async Task A_process_may_choose_its_own_template_for_an_event_and_only_one_that_exists()
    {
        var gentle = JsonNode.Parse(Template("【温馨提醒】{{ task.title }}", "Gentle reminder: {{ task.title }}"))!.AsObject();
        gentle["key"] = "gentle-reminder";
        gentle["event"] = "task.reminder";
        var annualReview = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "annual-review.json"));
        var choosing = JsonNode.Parse(annualReview)!.AsObject();
        choosing["notifications"] = new JsonObject { ["task.reminder"] = "gentle-reminder" };

        var early = await InTransaction(Db, w => ProcessCatalog.PublishProcessAsync(w, choosing.ToJsonString(), "P6", Now));
        Assert.That(early.Findings.Select(f => (f.Code, f.Path)), Has.Member(("process.unknown-notification", "$.notifications['task.reminder']")));
        Assert.That((await InTransaction(Db, w => NotificationCatalog.PublishAsync(w, gentle.ToJsonString(), "P6", Now))).Version, Is.EqualTo(1));
        await Publish(choosing.ToJsonString());
        await Runtime.StartAsync("annual-review", Employee, "P6");
        await Advance(TimeSpan.FromDays(12));
        var reminder = await Outbox(NoticeEvent.Reminder);

        var mail = await InTransaction(Db, w => NotificationRenderer.RenderAsync(w, reminder, Employee, BaseUrl));

        Assert.That(mail.Subject, Is.EqualTo("【温馨提醒】员工自评"));
    }

    [TestCase("zh-CN", "subject", "{{ if task.title }}缺少结束", 1)]
    [TestCase("en", "body", "Hello\n\n{{ for c in comments }}", 3)]
    public async Task Publishing_a_template_with_a_syntax_error_is_refused_naming_language_line_and_column(string language, string part, string broken, int line)
    {
        var json = Template("{{ task.title }}", "{{ task.title }}", language, part, broken);

        var result = await InTransaction(Db, w => NotificationCatalog.PublishAsync(w, json, "P6", Now));

        Assert.That(result.Published, Is.False);
        var problem = result.Problems.Single();
        Assert.That((problem.Code, problem.Language, problem.Part, problem.Line), Is.EqualTo(("notification.syntax", language, part, line)));
        Assert.That(problem.Column, Is.GreaterThan(0));
        Assert.That(problem.Message.En, Does.StartWith($"{language} {part}, line {line}, column {problem.Column}: "));
        Assert.That(await InTransaction(Db, w => DefinitionStore.LatestVersionAsync(w, NotificationCatalog.Kind, "task.assigned")), Is.Null);
    }

    [Test]
    public async Task Publishing_a_template_that_fails_against_the_sample_model_is_refused()
    {
        var json = Template("{{ task.title }}", "{{ task.title }}", "en", "body", "Dear {{ recipient.name }},\n{{ recipient.salary }}");

        var result = await InTransaction(Db, w => NotificationCatalog.PublishAsync(w, json, "P6", Now));

        var problem = result.Problems.Single();
        Assert.That((result.Published, problem.Code, problem.Language, problem.Part, problem.Line, problem.Column), Is.EqualTo((false, "notification.render", "en", "body", 2, 14)));
    }

    private static string Template(string subjectZh, string subjectEn, string? language = null, string? part = null, string? replacement = null)
    {
        var document = new JsonObject
        {
            ["key"] = "task.assigned",
            ["event"] = "task.assigned",
            ["subject"] = new JsonObject { ["zh-CN"] = subjectZh, ["en"] = subjectEn },
            ["body"] = new JsonObject { ["zh-CN"] = "{{ recipient.name }}，您好：{{ task.link }}", ["en"] = "Dear {{ recipient.name }}: {{ task.link }}" },
        };
        if (language is not null && part is not null)
        {
            document[part]![language] = replacement;
        }

        return document.ToJsonString();
    }

    private Task<OutboxMessage?> OutboxTo(string recipient) => InTransaction(Db, async w =>
    {
        var id = await w.Connection.QuerySingleAsync<string>("SELECT id FROM outbox WHERE recipient = @Recipient", new { Recipient = recipient }, w.Transaction);
        return await OutboxStore.FindAsync(w, id);
    });

    private async Task<OutboxMessage> Outbox(string @event)
    {
        var messages = await InTransaction(Db, async w => (await w.Connection.QueryAsync<string>("SELECT id FROM outbox ORDER BY created_at, id", transaction: w.Transaction)).ToList());
        foreach (var id in messages)
        {
            var message = (await InTransaction(Db, w => OutboxStore.FindAsync(w, id)))!;
            if ((string?)JsonNode.Parse(message.Payload)!["event"] == @event)
            {
                return message;
            }
        }

        throw new AssertionException($"no {@event} message in the outbox");
    }
}
