using FormFlow.Organisation;
using FormFlow.Tests.Organisation;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// Conditions over who the subject is in the organisation — their level, their department and those above it, their
/// roles (docs/processes.md "Conditions") — on the small organisation (<see cref="SmallOrg"/>): 张伟 P4 is M1, head
/// of D2 under D1; 刘洋 P5 is P6 in D2; 陈静 P6 is an HRBP in D9; 韩梅梅 P3 has no level and no role but employee.
/// </summary>
public class SubjectConditionTests(string kind) : RuntimeTest(kind)
{
    [Test]
    public async Task A_decision_on_the_subjects_level_sends_a_manager_down_the_head_approval_branch()
    {
        await Publish(Routed("by-level", "subject.level == \"M1\"", fillFirst: true));
        await Runtime.StartAsync("by-level", "P4", "P6");
        await Runtime.StartAsync("by-level", "P5", "P6");

        // The decision comes after the subject's own check-in, in the command on the instance read back.
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P4", "fill")).Id, "P4", Sample("monthly-check-in", "progress")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf("P5", "fill")).Id, "P5", Sample("monthly-check-in", "progress")));

        Assert.That((await TaskOf("P2", "head-approval")).Step, Is.EqualTo("head-approval"), "张伟 is M1: his department head (above his own department) approves");
        Assert.That((await TaskOf("P4", "manager-approval")).Step, Is.EqualTo("manager-approval"), "刘洋 is P6: his manager approves");
    }

    [Test]
    public async Task A_decision_on_a_level_or_above_holds_along_the_levels_ladder_and_for_no_level_of_another()
    {
        await Publish(Routed("m1-or-above", "(subject.level_track == \"M\" && subject.level_rank >= 1)"));

        await Runtime.StartAsync("m1-or-above", "P4", "P6");
        await Runtime.StartAsync("m1-or-above", "P5", "P6");
        await Runtime.StartAsync("m1-or-above", "P3", "P6");

        Assert.That((await TaskOf("P2", "head-approval")).Step, Is.EqualTo("head-approval"), "张伟 is M1: M1 or above");
        Assert.That((await TaskOf("P4", "manager-approval")).Step, Is.EqualTo("manager-approval"), "刘洋 is P6: another ladder, neither above nor below M1");
        Assert.That((await TaskOf("P2", "manager-approval")).Step, Is.EqualTo("manager-approval"), "韩梅梅 has no level");
    }

    [Test]
    public async Task A_decision_on_the_subjects_tenure_counts_whole_months_to_the_day_it_runs()
    {
        await Publish(Routed("new-joiners", "subject.tenure_months < 6"));

        await Runtime.StartAsync("new-joiners", "P3", "P6");
        await Runtime.StartAsync("new-joiners", "P5", "P6");
        await Runtime.StartAsync("new-joiners", "P4", "P6");
        Clock.Advance(TimeSpan.FromDays(90));
        await Runtime.StartAsync("new-joiners", "P3", "P6");

        var heads = (await Inbox("P2")).Select(t => t.Step).ToList();
        Assert.That(heads, Is.EquivalentTo(new[] { "head-approval", "manager-approval", "manager-approval" }),
            "韩梅梅 joined on 2026-09-01: 3 months on 2026-12-01 (the head approves), 6 on 2027-03-01 (her manager); 张伟 (P4, whose head and manager are both P2) has no joining day, and a condition on it does not hold");
        Assert.That((await TaskOf("P4", "manager-approval")).Step, Is.EqualTo("manager-approval"), "刘洋 joined on 2025-03-15: 20 months");
    }

    [Test]
    public async Task A_decision_on_the_subjects_department_subtree_holds_for_everyone_below_it_and_nobody_beside_it()
    {
        await Publish(Routed("by-department", "subject.departments | array.contains \"D1\""));

        await Runtime.StartAsync("by-department", "P5", "P6");
        await Runtime.StartAsync("by-department", "P7", "P6");

        Assert.That((await TaskOf("P4", "head-approval")).Step, Is.EqualTo("head-approval"), "刘洋 sits in D2, under D1");
        Assert.That((await TaskOf("P6", "manager-approval")).Step, Is.EqualTo("manager-approval"), "赵敏 sits in D9, beside D1");
    }

    [Test]
    public async Task A_decision_on_the_subjects_exact_department_does_not_hold_below_it()
    {
        await Publish(Routed("by-own-department", "subject.department == \"D1\""));

        await Runtime.StartAsync("by-own-department", "P3", "P6");
        await Runtime.StartAsync("by-own-department", "P5", "P6");

        Assert.That((await TaskOf("P2", "head-approval")).Step, Is.EqualTo("head-approval"), "韩梅梅 sits in D1 itself");
        Assert.That((await TaskOf("P4", "manager-approval")).Step, Is.EqualTo("manager-approval"), "刘洋 sits in D2, not D1");
    }

    [Test]
    public async Task A_decision_on_the_subjects_roles_sends_an_HRBP_one_way_and_an_employee_the_other()
    {
        await Publish(Routed("by-role", "subject.roles | array.contains \"hrbp\""));

        await Runtime.StartAsync("by-role", "P7", "P6");
        await Runtime.StartAsync("by-role", "P3", "P6");

        Assert.That((await TaskOf("P6", "head-approval")).Step, Is.EqualTo("head-approval"), "赵敏 is an HRBP");
        Assert.That((await TaskOf("P2", "manager-approval")).Step, Is.EqualTo("manager-approval"), "韩梅梅 is an employee");
    }

    [Test]
    public async Task What_a_step_shows_the_subject_may_depend_on_their_role_when_the_instance_is_read_back()
    {
        await Publish("""
            {
              "key": "shown-to-managers",
              "title": { "zh-CN": "经理可见", "en": "Shown to managers" },
              "forms": { "checkin": "monthly-check-in" },
              "start": "note",
              "steps": {
                "note": {
                  "kind": "form", "form": "checkin", "assignee": "manager", "write": ["progress"], "next": "end",
                  "visibleToSubject": { "read": ["progress"], "when": "subject.roles | array.contains \"manager\"" }
                },
                "end": { "kind": "end" }
              }
            }
            """);
        var manager = await Runtime.StartAsync("shown-to-managers", "P4", "P6");
        var employee = await Runtime.StartAsync("shown-to-managers", "P5", "P6");

        Assert.That(await Instances.InstanceAsync(manager.Id, "P4"), Is.Not.Null, "张伟 is a manager");
        Assert.That(await Instances.InstanceAsync(employee.Id, "P5"), Is.Null, "刘洋 is not");
    }

    [Test]
    public async Task The_organisation_in_the_database_and_in_memory_tell_the_same_of_a_subject_and_only_the_id_of_one_who_left()
    {
        var chart = SmallOrg.File().Parse().Organisation!;
        foreach (var id in new[] { "P1", "P3", "P4", "P5", "nobody" })
        {
            var stored = await InTransaction(Db, w => Relationships.InStore(w).SubjectAsync(id));
            var inMemory = await Relationships.InMemory(chart).SubjectAsync(id);
            Assert.That(Described(stored), Is.EqualTo(Described(inMemory)), id);
        }

        Assert.That(Described(await InTransaction(Db, w => Relationships.InStore(w).SubjectAsync("P5"))), Is.EqualTo("P5 P6 P6 D2 [D2,D1,D0] [employee] 2025-03-15"));
        Assert.That(Described(await InTransaction(Db, w => Relationships.InStore(w).SubjectAsync("P4"))), Is.EqualTo("P4 M1 M1 D2 [D2,D1,D0] [manager,employee] -"));
        Assert.That(Described(await InTransaction(Db, w => Relationships.InStore(w).SubjectAsync("nobody"))), Is.EqualTo("nobody - - - [] [] -"));
    }

    private static string Described(SubjectFacts facts) =>
        $"{facts.Id} {facts.Level ?? "-"} {facts.LevelTrack ?? "-"}{facts.LevelRank} {facts.DepartmentId ?? "-"} [{string.Join(',', facts.Departments)}] [{string.Join(',', facts.Roles)}] {facts.HiredOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";

    private const string FillStep = """
        "fill": { "kind": "form", "form": "checkin", "assignee": "subject", "write": ["progress"], "next": "route" },
        """;

    // A decision (first, or after the subject's check-in): the head of the subject's department approves when `when`
    // holds, else their manager.
    private static string Routed(string key, string when, bool fillFirst = false) => $$"""
        {
          "key": "{{key}}",
          "title": { "zh-CN": "按员工分流", "en": "Routed by the person" },
          "forms": { "checkin": "monthly-check-in" },
          "start": "{{(fillFirst ? "fill" : "route")}}",
          "steps": {
            {{(fillFirst ? FillStep : "")}}
            "route": { "kind": "decision", "branches": [ { "when": {{System.Text.Json.JsonSerializer.Serialize(when)}}, "next": "head-approval" } ], "otherwise": "manager-approval" },
            "head-approval": { "kind": "form", "form": "checkin", "assignee": "department-head", "write": ["progress"], "next": "end" },
            "manager-approval": { "kind": "form", "form": "checkin", "assignee": "manager", "write": ["progress"], "next": "end" },
            "end": { "kind": "end" }
          }
        }
        """;
}
