using System.Text.Json;
using System.Text.Json.Nodes;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// A step completes only with what it must write: approving, accepting a review and confirming validate the fields the
/// person's part writes exactly as a submit does, required ones included; returning a form needs nothing. Driven
/// through <see cref="TaskDesk"/>, as a host does. The goal change: 刘洋 (P5) asks, his manager 张伟 (P4) decides
/// (accept or reject), an accepted change is acknowledged by both — 刘洋 writes his acknowledgement, 张伟 nothing.
/// </summary>
public class StepCompletionTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";

    private const string GoalChange = """
        {
          "formflow": "template/1",
          "key": "goal-change",
          "title": { "zh-CN": "目标调整", "en": "Goal change" },
          "schema": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "additionalProperties": false,
            "required": ["change", "decision", "acknowledged"],
            "properties": {
              "change": { "type": "string", "minLength": 1, "maxLength": 500 },
              "decision": { "type": "string", "enum": ["accept", "reject"] },
              "acknowledged": { "type": "boolean" }
            }
          },
          "uiSchema": { "ui:order": ["change", "decision", "acknowledged"] },
          "fields": {
            "change": { "label": { "zh-CN": "调整内容", "en": "Change" } },
            "decision": {
                "label": { "zh-CN": "决定", "en": "Decision" },
                "options": { "accept": { "zh-CN": "同意", "en": "Accept" }, "reject": { "zh-CN": "不同意", "en": "Reject" } }
            },
            "acknowledged": { "label": { "zh-CN": "已知悉", "en": "Acknowledged" } }
          },
          "sections": [
            { "key": "request", "title": { "zh-CN": "申请", "en": "Request" }, "fields": ["change"] },
            { "key": "decision", "title": { "zh-CN": "决定", "en": "Decision" }, "fields": ["decision"] },
            { "key": "acknowledgement", "title": { "zh-CN": "知悉", "en": "Acknowledgement" }, "fields": ["acknowledged"] }
          ]
        }
        """;

    private const string Process = """
        {
          "key": "goal-change",
          "title": { "zh-CN": "目标调整", "en": "Goal change" },
          "forms": { "change": "goal-change" },
          "start": "ask",
          "steps": {
            "ask": { "kind": "form", "form": "change", "assignee": "subject", "write": ["request"], "next": "decide" },
            "decide": {
              "kind": "approval", "form": "change", "approvers": ["manager"], "read": "*", "write": ["decision"],
              "returnTo": "ask", "next": "route"
            },
            "route": {
              "kind": "decision",
              "branches": [{ "when": "forms.change.decision == \"accept\"", "next": "acknowledge" }],
              "otherwise": "end"
            },
            "acknowledge": {
              "kind": "confirmation", "form": "change",
              "parties": [
                { "assignee": "subject", "read": "*", "write": ["acknowledgement"] },
                { "assignee": "manager", "read": "*", "write": [] }
              ],
              "next": "end"
            },
            "end": { "kind": "end" }
          }
        }
        """;

    private TaskDesk Desk => new(Db, Clock);

    [SetUp]
    public async Task PublishGoalChange()
    {
        var template = await InTransaction(Db, w => ProcessCatalog.PublishTemplateAsync(w, GoalChange, "P6", Now));
        Assert.That(template.Published, Is.True, () => string.Join("; ", template.Findings.Select(f => $"{f.Code} {f.Path} {f.Message.En}")));
        await Publish(Process);
    }

    [Test]
    public async Task Approving_without_the_decision_the_approver_writes_is_refused_as_a_submit_would_be_and_changes_nothing()
    {
        var instance = await AskedAsync();
        var decide = await TaskOf(Manager, "decide");

        var outcome = await Desk.ApproveAsync(decide.Id, Manager, null, null);

        Assert.That(outcome.Status, Is.EqualTo(TaskOutcomeStatus.Invalid));
        Assert.That(outcome.Problems, Is.EqualTo(SubmitProblems(new JsonObject { ["change"] = "把季度目标从 10 单调整为 8 单" }, "/decision")));
        Assert.That(outcome.Problems.Single().Message.ZhCn, Does.Contain("决定"));
        Assert.That(outcome.Problems.Single().Message.En, Does.Contain("Decision"));
        var after = await Instance(instance.Id);
        Assert.That((after.Version, after.State, after.Status), Is.EqualTo((instance.Version, instance.State, instance.Status)), "the instance did not move");
        Assert.That(await TaskOf(Manager, "decide"), Is.EqualTo(decide), "the task is still open, as it was");
    }

    [Test]
    public async Task Approving_with_empty_data_is_refused_like_approving_with_none()
    {
        await AskedAsync();

        var outcome = await Desk.ApproveAsync((await TaskOf(Manager, "decide")).Id, Manager, [], null);

        Assert.That(outcome.Status, Is.EqualTo(TaskOutcomeStatus.Invalid));
        Assert.That(outcome.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/decision", "required") }));
    }

    [Test]
    public async Task An_accepted_change_goes_on_to_the_acknowledgement()
    {
        var instance = await AskedAsync();

        var outcome = await Desk.ApproveAsync((await TaskOf(Manager, "decide")).Id, Manager, new JsonObject { ["decision"] = "accept" }, null);

        Assert.That(outcome.Status, Is.EqualTo(TaskOutcomeStatus.Done));
        Assert.That((await TaskOf(Employee, "acknowledge")).Step, Is.EqualTo("acknowledge"));
        Assert.That((await Instance(instance.Id)).Status, Is.EqualTo(InstanceStatus.Running));
    }

    [Test]
    public async Task A_rejected_change_ends_the_process()
    {
        var instance = await AskedAsync();

        var outcome = await Desk.ApproveAsync((await TaskOf(Manager, "decide")).Id, Manager, new JsonObject { ["decision"] = "reject" }, null);

        Assert.That(outcome.Status, Is.EqualTo(TaskOutcomeStatus.Done));
        Assert.That((await Instance(instance.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
        Assert.That(await Inbox(Employee), Is.Empty);
    }

    [Test]
    public async Task Returning_the_change_needs_no_decision()
    {
        await AskedAsync();

        var outcome = await Desk.ReturnAsync((await TaskOf(Manager, "decide")).Id, Manager, "请写明调整原因", [], null);

        Assert.That(outcome.Status, Is.EqualTo(TaskOutcomeStatus.Done));
        Assert.That((await TaskOf(Employee, "ask")).Step, Is.EqualTo("ask"));
    }

    [Test]
    public async Task A_party_who_confirms_without_the_acknowledgement_they_write_is_refused_naming_it()
    {
        await AcceptedAsync();

        var outcome = await Desk.ConfirmAsync((await TaskOf(Employee, "acknowledge")).Id, Employee, null, null);

        Assert.That(outcome.Status, Is.EqualTo(TaskOutcomeStatus.Invalid));
        Assert.That(outcome.Problems, Is.EqualTo(SubmitProblems(new JsonObject { ["change"] = "把季度目标从 10 单调整为 8 单", ["decision"] = "accept" }, "/acknowledged")));
    }

    [Test]
    public async Task A_party_who_writes_nothing_confirms_while_the_other_party_has_still_to_write()
    {
        var instance = await AcceptedAsync();

        var manager = await Desk.ConfirmAsync((await TaskOf(Manager, "acknowledge")).Id, Manager, null, null);
        var employee = await Desk.ConfirmAsync((await TaskOf(Employee, "acknowledge")).Id, Employee, new JsonObject { ["acknowledged"] = true }, null);

        Assert.That((manager.Status, employee.Status), Is.EqualTo((TaskOutcomeStatus.Done, TaskOutcomeStatus.Done)));
        Assert.That((await Instance(instance.Id)).Status, Is.EqualTo(InstanceStatus.Completed));
    }

    [Test]
    public async Task The_manager_who_accepts_an_interview_record_without_its_rating_is_refused_naming_the_rating()
    {
        await PublishAnnualReview();
        var instance = await Runtime.StartAsync("annual-review", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "self-review")).Id, Employee, Sample("self-review", "basics", "results", "reflection", "overall")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "prepare")).Id, Manager, Sample("interview-preparation-333", "checklist", "strengths", "gaps", "support")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "record")).Id, Employee, Sample("interview-record", "went-well", "to-improve", "plan")));
        var before = await Instance(instance.Id);

        var outcome = await Desk.ApproveAsync((await TaskOf(Manager, "record")).Id, Manager, null, null);

        Assert.That(outcome.Status, Is.EqualTo(TaskOutcomeStatus.Invalid));
        Assert.That(outcome.Problems.Select(p => (p.Pointer, p.Code)), Is.EqualTo(new[] { ("/overall_rating", "required") }));
        Assert.That((await Instance(instance.Id)).Version, Is.EqualTo(before.Version));
        Assert.That(await Inbox(Employee), Is.Empty, "nothing reached the confirmation");
    }

    // 刘洋 has asked for the change: the manager's decision is open.
    private async Task<InstanceRow> AskedAsync()
    {
        var started = await Runtime.StartAsync("goal-change", Employee, Employee);
        var asked = await Desk.SubmitAsync((await TaskOf(Employee, "ask")).Id, Employee, new JsonObject { ["change"] = "把季度目标从 10 单调整为 8 单" }, null);
        Assert.That(asked.Status, Is.EqualTo(TaskOutcomeStatus.Done));
        return await Instance(started.Id);
    }

    // The manager has accepted: both parties' acknowledgements are open.
    private async Task<InstanceRow> AcceptedAsync()
    {
        var instance = await AskedAsync();
        var accepted = await Desk.ApproveAsync((await TaskOf(Manager, "decide")).Id, Manager, new JsonObject { ["decision"] = "accept" }, null);
        Assert.That(accepted.Status, Is.EqualTo(TaskOutcomeStatus.Done));
        return instance;
    }

    // What validating the form as a submit does says about one field of it.
    private static IReadOnlyList<ValidationProblem> SubmitProblems(JsonObject form, string pointer)
    {
        var template = FormTemplate.Load(GoalChange).Template!;
        return [.. template.Validate(JsonSerializer.SerializeToElement(form)).Problems.Where(p => p.Pointer == pointer)];
    }
}
