using System.Text.Json.Nodes;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// When a relationship names nobody — the CEO 王总 (P1) has no manager, 李雷 (P2) has no skip-level — the task goes
/// to the subject's HRBP (陈静, P6, for P1; 赵敏, P7, for P2), whichever kind of step hands it out, and never to
/// somebody who would then act on their own behalf.
/// </summary>
public class AssigneeFallbackTests(string kind) : RuntimeTest(kind)
{
    private const string Ceo = "P1";
    private const string CeosHrbp = "P6";

    [Test]
    public async Task The_reviewer_of_someone_without_a_manager_is_their_HRBP_not_themselves()
    {
        await Publish(Process("review-without-manager", """
            "record": {
              "kind": "review", "form": "record", "author": "subject", "write": ["went-well", "to-improve"],
              "reviewer": "manager", "reviewerRead": "*", "reviewerWrite": ["rating"], "next": "end"
            }
            """, """{ "record": "interview-record" }"""));
        await Runtime.StartAsync("review-without-manager", Ceo, CeosHrbp);

        Succeeded(await Runtime.SubmitAsync((await TaskOf(Ceo, "record")).Id, Ceo, Sample("interview-record", "went-well", "to-improve")));

        Assert.That(await Inbox(Ceo), Is.Empty, "the CEO does not review (and rate) his own record");
        Assert.That((await TaskOf(CeosHrbp, "record")).Step, Is.EqualTo("record"));
    }

    [Test]
    public async Task The_next_approver_of_a_sequence_who_is_missing_is_the_HRBP_not_the_previous_approver_again()
    {
        await Publish(Process("sequence-without-skip-level", """
            "fill": { "kind": "form", "form": "checkin", "assignee": "subject", "write": ["progress"], "next": "approve" },
            "approve": {
              "kind": "approval", "form": "checkin", "approvers": ["manager", "skip-level"], "mode": "sequence",
              "read": "*", "write": [], "returnTo": "fill", "next": "end"
            }
            """, """{ "checkin": "monthly-check-in" }"""));
        await Runtime.StartAsync("sequence-without-skip-level", "P2", CeosHrbp);
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P2", "fill")).Id, "P2", Sample("monthly-check-in", "progress")));

        Succeeded(await Runtime.ApproveAsync((await TaskOf(Ceo, "approve")).Id, Ceo));

        Assert.That(await Inbox(Ceo), Is.Empty, "the manager approved once; he is not the skip-level too");
        Assert.That((await TaskOf("P7", "approve")).Step, Is.EqualTo("approve"));
    }

    [Test]
    public async Task A_recurring_task_whose_assignee_is_missing_goes_to_the_HRBP_not_the_subject()
    {
        await Publish(Process("check-ins-without-manager", """
            "check-ins": {
              "kind": "recurring", "form": "checkin", "assignee": "manager", "every": "P7D", "count": 1,
              "write": ["progress", "manager"], "next": "end"
            }
            """, """{ "checkin": "monthly-check-in" }"""));
        await Runtime.StartAsync("check-ins-without-manager", Ceo, CeosHrbp);

        await Advance(TimeSpan.FromDays(7));

        Assert.That(await Inbox(Ceo), Is.Empty);
        Assert.That((await TaskOf(CeosHrbp, "check-ins")).Step, Is.EqualTo("check-ins"));
    }

    private static string Process(string key, string steps, string forms) => $$"""
        {
          "key": "{{key}}",
          "title": { "zh-CN": "测试", "en": "Test" },
          "forms": {{forms}},
          "start": "{{(JsonNode.Parse("{" + steps + "}")!.AsObject().First().Key)}}",
          "steps": {
            {{steps}},
            "end": { "kind": "end" }
          }
        }
        """;
}
