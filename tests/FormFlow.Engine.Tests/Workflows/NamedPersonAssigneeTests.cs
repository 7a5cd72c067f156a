using System.Text.Json.Nodes;
using Dapper;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// A step's "who" may be one named person (<c>person:P3</c>) rather than a relationship to the subject: the same person
/// for every subject; when that person is no longer in the organisation, the task falls back like a relation that
/// finds nobody — to the subject's HRBP.
/// </summary>
public class NamedPersonAssigneeTests(string kind) : RuntimeTest(kind)
{
    private const string Steps = """
        "fill": { "kind": "form", "form": "checkin", "assignee": "subject", "write": ["progress"], "next": "file" },
        "file": { "kind": "approval", "form": "checkin", "approvers": ["person:P3"], "read": "*", "returnTo": "fill", "next": "end" },
        "end": { "kind": "end" }
        """;

    [Test]
    public async Task The_named_person_gets_the_task_whoever_the_subject_is()
    {
        await Publish(Process());
        foreach (var subject in new[] { "P5", "P4" })
        {
            await Runtime.StartAsync("filed-by-one-person", subject, "P7");
            Succeeded(await Runtime.SubmitAsync((await TaskOf(subject, "fill")).Id, subject, Sample("monthly-check-in", "progress")));
        }

        var tasks = await Inbox("P3");

        Assert.That(tasks.Select(t => t.Step), Is.EqualTo(new[] { "file", "file" }));
        Succeeded(await Runtime.ApproveAsync(tasks[0].Id, "P3"));
    }

    [Test]
    public async Task A_named_person_who_has_left_the_organisation_leaves_the_task_to_the_subjects_HRBP()
    {
        await Publish(Process());
        await InTransaction(Db, w => w.Connection.ExecuteAsync("DELETE FROM people WHERE id = 'P3'", transaction: w.Transaction));
        await Runtime.StartAsync("filed-by-one-person", "P5", "P7");

        Succeeded(await Runtime.SubmitAsync((await TaskOf("P5", "fill")).Id, "P5", Sample("monthly-check-in", "progress")));

        Assert.That((await TaskOf("P7", "file")).Step, Is.EqualTo("file"), "赵敏 is the HRBP of 研发部 above 刘洋's 平台组");
    }

    private static string Process() => new JsonObject
    {
        ["key"] = "filed-by-one-person",
        ["title"] = new JsonObject { ["zh-CN"] = "由指定人员归档", ["en"] = "Filed by one named person" },
        ["forms"] = new JsonObject { ["checkin"] = "monthly-check-in" },
        ["start"] = "fill",
        ["steps"] = JsonNode.Parse("{" + Steps + "}"),
    }.ToJsonString();
}
