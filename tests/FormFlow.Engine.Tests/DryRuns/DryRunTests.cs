using FormFlow.Cycles;
using FormFlow.DryRuns;
using FormFlow.Tests.Cycles;

namespace FormFlow.Tests.DryRuns;

/// <summary>
/// Dry runs of the shipped annual review over the small organisation (<see cref="Organisation.SmallOrg"/>): D1 R&amp;D
/// holds P2 (its head, reporting to the CEO P1) and P3, its sub-department D2 Platform holds P4 and P5. The dry run
/// completes every task on its due date; the cycle starts at <see cref="Workflows.RuntimeTest.CycleStart"/>.
/// </summary>
public class DryRunTests(string kind) : CycleTest(kind)
{
    private static readonly string[] Tables = ["cycles", "cycle_members", "process_instances", "instance_order", "tasks", "timers", "outbox", "audit_log", "task_revisions", "field_comments", "definitions"];

    [Test]
    public async Task The_annual_review_for_a_department_shows_each_persons_tasks_with_their_dates_from_the_start_date()
    {
        var report = await DryRun(Population.Department("D1"));

        Assert.That(report.People.Select(p => (p.Person.Id, p.Outcome)), Is.EqualTo(new[] { ("P2", "completed"), ("P3", "completed"), ("P4", "completed"), ("P5", "completed") }));
        var hanMeimei = report.People.Single(p => p.Person.Id == "P3");
        Assert.That(hanMeimei.Person.Name.ZhCn, Is.EqualTo("韩梅梅"));
        var checkIns = CycleStart.AddDays(57);
        var nextPeriod = checkIns.AddMonths(3).AddDays(14);
        Assert.That(
            hanMeimei.Events.Where(e => e.Kind == DryRunEvents.TaskOpened).Select(e => (e.Step, e.To!.Id, e.At, e.DueAt)),
            Is.EqualTo(new (string?, string, DateTimeOffset, DateTimeOffset?)[]
            {
                ("self-review", "P3", CycleStart, CycleStart.AddDays(14)),
                ("prepare", "P2", CycleStart.AddDays(14), CycleStart.AddDays(21)),
                ("record", "P3", CycleStart.AddDays(21), CycleStart.AddDays(28)),
                ("record", "P2", CycleStart.AddDays(28), CycleStart.AddDays(35)),
                ("confirm", "P3", CycleStart.AddDays(35), CycleStart.AddDays(38)),
                ("confirm", "P2", CycleStart.AddDays(35), CycleStart.AddDays(38)),
                ("idp", "P3", CycleStart.AddDays(38), CycleStart.AddDays(52)),
                ("idp-approval", "P2", CycleStart.AddDays(52), checkIns),
                ("check-ins", "P3", checkIns.AddMonths(1), checkIns.AddMonths(1).AddDays(7)),
                ("check-ins", "P2", checkIns.AddMonths(1).AddDays(7), checkIns.AddMonths(1).AddDays(14)),
                ("check-ins", "P3", checkIns.AddMonths(2), checkIns.AddMonths(2).AddDays(7)),
                ("check-ins", "P2", checkIns.AddMonths(2).AddDays(7), checkIns.AddMonths(2).AddDays(14)),
                ("check-ins", "P3", checkIns.AddMonths(3), checkIns.AddMonths(3).AddDays(7)),
                ("check-ins", "P2", checkIns.AddMonths(3).AddDays(7), nextPeriod),
                ("plan", "P3", nextPeriod, nextPeriod.AddDays(7)),
                ("propose", "P2", nextPeriod.AddDays(7), nextPeriod.AddDays(17)),
                ("respond", "P3", nextPeriod.AddDays(17), nextPeriod.AddDays(22)),
            }),
            "each task opens when the one before is done on its due date; the check-ins come monthly from the step's start, the manager's follow-up of each when it is handed in; the last follow-up starts the next period's goals");
        Assert.That(hanMeimei.Events.Where(e => e.Kind == DryRunEvents.TaskOpened).Select(e => e.Process).Distinct(), Is.EqualTo(new[] { "annual-review", "next-period-goals" }));
        Assert.That(hanMeimei.Events[0].Text.ZhCn, Is.EqualTo("韩梅梅 收到任务「员工自评」，2026-12-15 01:00 UTC 截止"));
        Assert.That(hanMeimei.Events[0].Text.En, Is.EqualTo("Han Meimei gets the task \"Self-review\", due 2026-12-15 01:00 UTC"));
        Assert.That(hanMeimei.Events[^1].Kind, Is.EqualTo(DryRunEvents.Completed));
        Assert.That(hanMeimei.Events.Select(e => e.At), Is.Ordered, "a timeline, soonest first");
        Assert.That(hanMeimei.Stuck, Is.Empty);
    }

    [Test]
    public async Task Reminders_go_out_two_days_before_each_due_date_to_whoever_holds_the_task()
    {
        var report = await DryRun(Population.People("P3"));

        var reminders = report.People.Single().Events.Where(e => e.Kind == DryRunEvents.Reminder).ToList();
        Assert.That(
            reminders.Take(3).Select(e => (e.Step, e.To!.Id, e.At, e.DueAt)),
            Is.EqualTo(new (string?, string, DateTimeOffset, DateTimeOffset?)[]
            {
                ("self-review", "P3", CycleStart.AddDays(12), CycleStart.AddDays(14)),
                ("prepare", "P2", CycleStart.AddDays(19), CycleStart.AddDays(21)),
                ("record", "P3", CycleStart.AddDays(26), CycleStart.AddDays(28)),
            }));
        Assert.That(reminders[0].Text.En, Is.EqualTo("Reminder to Han Meimei: \"Self-review\" is due 2026-12-15 01:00 UTC"));
        Assert.That(reminders.Where(e => e.Step == "confirm").Select(e => (e.To!.Id, e.At)), Is.EquivalentTo(new[] { ("P3", CycleStart.AddDays(37)), ("P2", CycleStart.AddDays(37)) }), "the confirmation reminds a day before");
    }

    [Test]
    public async Task An_escalation_copies_the_late_persons_superior_if_the_task_is_still_open_when_due()
    {
        var report = await DryRun(Population.People("P3"));

        var escalations = report.People.Single().Events.Where(e => e.Kind == DryRunEvents.Escalation).ToList();
        var selfReview = escalations.First(e => e.Step == "self-review");
        Assert.That((selfReview.At, selfReview.To!.Id, selfReview.Action), Is.EqualTo((CycleStart.AddDays(14), "P3", "copy-superior")));
        Assert.That(selfReview.Copies.Select(p => p.Id), Is.EqualTo(new[] { "P2" }), "Han Meimei's superior is Li Lei");
        Assert.That(selfReview.Text.ZhCn, Is.EqualTo("若「员工自评」届时仍未完成：告知 韩梅梅 已逾期，并抄送上级 李雷"));
        var prepare = escalations.First(e => e.Step == "prepare");
        Assert.That((prepare.To!.Id, prepare.Copies.Single().Id), Is.EqualTo(("P2", "P1")), "the manager's late preparation is copied to his own superior");
        Assert.That(report.Assumptions.Any(a => a.En.Contains("escalation goes out only for a task still open", StringComparison.Ordinal)));
    }

    [Test]
    public async Task A_person_without_a_manager_is_reported_stuck_at_the_managers_step_with_their_name()
    {
        var report = await DryRun(Population.People("P1", "P3"));

        var ceo = report.People.Single(p => p.Person.Id == "P1");
        var prepare = ceo.Stuck.Single(s => s.Step == "prepare");
        Assert.That((prepare.Code, prepare.Wanted, prepare.Instead!.Id), Is.EqualTo(("no-assignee", "manager", "P6")));
        Assert.That(prepare.Message.ZhCn, Is.EqualTo("王总 没有直属上级：步骤「面谈准备（三三原则）」的任务将交给 HRBP 陈静"));
        Assert.That(prepare.Message.En, Is.EqualTo("Wang, the CEO has no manager: the task of the step \"Interview preparation (3-3 principle)\" goes to the HRBP Chen Jing instead"));
        Assert.That(ceo.Stuck.Select(s => s.Step), Is.SupersetOf(new[] { "prepare", "record", "confirm", "idp-approval" }), "every step of the manager's");
        Assert.That(ceo.Events.First(e => e.Kind == DryRunEvents.TaskOpened && e.Step == "prepare").To!.Id, Is.EqualTo("P6"), "as the runtime would, the task goes to the HRBP");
        Assert.That(report.People.Single(p => p.Person.Id == "P3").Stuck, Is.Empty);
    }

    [Test]
    public async Task A_decision_that_reads_the_forms_follows_its_otherwise_branch_and_says_so()
    {
        var report = await DryRun(Population.People("P5"));

        var decisions = report.People.Single().Events.Where(e => e.Kind == DryRunEvents.Decision).ToList();
        Assert.That(decisions.Select(e => (e.Step, e.Action)), Is.EqualTo(new[] { ("dispute-check", "rating-check"), ("rating-check", "plan-choice"), ("plan-choice", "idp"), ("objection-check", "end") }));
        Assert.That(decisions[2].Text.En, Does.Contain("forms.record.overall_rating <= 2").And.Contain("depend on form data"));
        Assert.That(report.People.Single().Events.Where(e => e.Kind == DryRunEvents.ProcessStarted).Select(e => e.Process), Is.EqualTo(new[] { "next-period-goals" }), "no improvement plan without a low rating: the next period's goals instead");
    }

    [Test]
    public async Task A_decision_that_reads_only_who_the_subject_is_decides_as_it_would_for_real()
    {
        const string draft = """
            {
              "key": "welcome",
              "title": { "zh-CN": "欢迎", "en": "Welcome" },
              "forms": { "self": "self-review" },
              "start": "self-review",
              "steps": {
                "self-review": { "kind": "form", "form": "self", "assignee": "subject", "write": ["basics", "results", "reflection", "overall"], "due": { "after": "P3D" }, "next": "who" },
                "who": { "kind": "decision", "branches": [ { "when": "subject.id == 'P3'", "next": "tell" } ], "otherwise": "end" },
                "tell": { "kind": "notify", "message": { "zh-CN": "韩梅梅完成了自评", "en": "Han Meimei is done" }, "to": ["manager"], "next": "end" },
                "end": { "kind": "end" }
              }
            }
            """;

        var outcome = await ProcessDryRun.RunAsync(Db, new DryRunRequest { Definition = draft, Population = Population.People("P3", "P5"), StartsAt = CycleStart });

        Assert.That(outcome.Status, Is.EqualTo(DryRunStatus.Done), () => string.Join("; ", outcome.Findings.Select(f => f.Message.En)));
        var (hanMeimei, liuYang) = (outcome.Report!.People.Single(p => p.Person.Id == "P3"), outcome.Report.People.Single(p => p.Person.Id == "P5"));
        Assert.That(hanMeimei.Events.Single(e => e.Kind == DryRunEvents.Decision).Action, Is.EqualTo("tell"));
        Assert.That(liuYang.Events.Single(e => e.Kind == DryRunEvents.Decision).Action, Is.EqualTo("end"));
        Assert.That(hanMeimei.Events.Single(e => e.Kind == DryRunEvents.Decision).Text.En, Does.Not.Contain("form data"));
        var message = hanMeimei.Events.Single(e => e.Kind == DryRunEvents.Message);
        Assert.That((message.To!.Id, message.At, message.Text.En), Is.EqualTo(("P2", CycleStart.AddDays(3), "Message to Li Lei: Han Meimei is done")));
        Assert.That(liuYang.Events.Where(e => e.Kind == DryRunEvents.Message), Is.Empty);
    }

    [Test]
    public async Task A_decision_on_the_subjects_level_department_or_roles_decides_in_a_dry_run_as_it_would_for_real()
    {
        const string draft = """
            {
              "key": "by-person",
              "title": { "zh-CN": "按员工分流", "en": "By the person" },
              "forms": {},
              "start": "who",
              "steps": {
                "who": { "kind": "decision", "branches": [
                  { "when": "subject.level == \"M1\"", "next": "manager" },
                  { "when": "subject.departments | array.contains \"D1\"", "next": "rnd" },
                  { "when": "subject.roles | array.contains \"hrbp\"", "next": "hr" }
                ], "otherwise": "end" },
                "manager": { "kind": "notify", "message": { "zh-CN": "经理", "en": "A manager" }, "to": ["subject"], "next": "end" },
                "rnd": { "kind": "notify", "message": { "zh-CN": "研发", "en": "R&D" }, "to": ["subject"], "next": "end" },
                "hr": { "kind": "notify", "message": { "zh-CN": "人力", "en": "HR" }, "to": ["subject"], "next": "end" },
                "end": { "kind": "end" }
              }
            }
            """;

        var outcome = await ProcessDryRun.RunAsync(Db, new DryRunRequest { Definition = draft, Population = Population.People("P1", "P4", "P5", "P7"), StartsAt = CycleStart });

        Assert.That(outcome.Status, Is.EqualTo(DryRunStatus.Done), () => string.Join("; ", outcome.Findings.Select(f => f.Message.En)));
        var taken = outcome.Report!.People.ToDictionary(p => p.Person.Id, p => p.Events.Single(e => e.Kind == DryRunEvents.Decision).Action);
        Assert.That(taken, Is.EqualTo(new Dictionary<string, string?> { ["P1"] = "end", ["P4"] = "manager", ["P5"] = "rnd", ["P7"] = "hr" }));
    }

    [Test]
    public async Task A_horizon_cuts_the_run_short_and_says_where_it_waits()
    {
        var report = await DryRun(Population.People("P3"), horizon: "P40D");

        var run = report.People.Single();
        Assert.That(run.Outcome, Is.EqualTo("open-at-horizon"));
        Assert.That(report.Until, Is.EqualTo(CycleStart.AddDays(40)));
        Assert.That(run.Events.Max(e => e.At), Is.EqualTo(CycleStart.AddDays(40)));
        Assert.That(run.Events[^1].Kind, Is.EqualTo(DryRunEvents.Horizon));
        Assert.That(run.Events[^1].Text.En, Does.Contain("Individual development plan"));
    }

    [Test]
    public async Task A_draft_definition_that_was_never_published_can_be_dry_run()
    {
        var draft = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "annual-review.json"))
            .Replace("\"key\": \"annual-review\"", "\"key\": \"quick-review\"", StringComparison.Ordinal)
            .Replace("\"after\": \"P14D\"", "\"after\": \"P3D\"", StringComparison.Ordinal);

        var outcome = await ProcessDryRun.RunAsync(Db, new DryRunRequest { Definition = draft, Population = Population.People("P3"), StartsAt = CycleStart });

        Assert.That(outcome.Status, Is.EqualTo(DryRunStatus.Done));
        Assert.That((outcome.Report!.ProcessKey, outcome.Report.Version), Is.EqualTo(("quick-review", (int?)null)));
        var first = outcome.Report.People.Single().Events.First(e => e.Kind == DryRunEvents.TaskOpened);
        Assert.That((first.Process, first.Step, first.DueAt), Is.EqualTo(("quick-review", "self-review", (DateTimeOffset?)CycleStart.AddDays(3))), "the draft's own deadline");
    }

    [Test]
    public async Task A_weekly_checkpoint_starting_on_Mondays_is_walked_thirteen_Mondays_in_a_row()
    {
        const string draft = """
            {
              "key": "kpi-weekly",
              "title": { "zh-CN": "每周 KPI 检查点", "en": "Weekly KPI checkpoint" },
              "forms": { "checkpoint": "kpi-checkpoint" },
              "start": "checkpoint",
              "steps": {
                "checkpoint": {
                  "kind": "recurring", "form": "checkpoint", "assignee": "subject", "every": "P7D", "startOn": "monday", "count": 13,
                  "read": ["actuals"], "write": ["note"], "reviewer": "manager", "reviewerWrite": ["manager"], "due": { "after": "P3D" }, "next": "end"
                },
                "end": { "kind": "end" }
              }
            }
            """;

        var outcome = await ProcessDryRun.RunAsync(Db, new DryRunRequest { Definition = draft, Population = Population.People("P3"), StartsAt = CycleStart });

        Assert.That(outcome.Status, Is.EqualTo(DryRunStatus.Done), () => string.Join("; ", outcome.Findings.Select(f => f.Message.En).Concat(outcome.Problems.Select(p => p.Message.En))));
        var opened = outcome.Report!.People.Single().Events.Where(e => e.Kind == DryRunEvents.TaskOpened && e.To!.Id == "P3").Select(e => e.At).ToList();
        var firstMonday = new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);
        Assert.That(opened, Is.EqualTo(Enumerable.Range(0, 13).Select(w => firstMonday.AddDays(7 * w))), "Tuesday's start waits for Monday 09:00 in Beijing, then every Monday");
        Assert.That(outcome.Report.People.Single().Outcome, Is.EqualTo("completed"));
    }

    [Test]
    public async Task The_quarterly_KPIs_are_walked_with_a_checkpoint_every_Monday_from_the_agreement_until_the_results()
    {
        var shipped = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "kpi-quarterly.json"));

        var outcome = await ProcessDryRun.RunAsync(Db, new DryRunRequest { Definition = shipped, Population = Population.People("P3"), StartsAt = CycleStart });

        Assert.That(outcome.Status, Is.EqualTo(DryRunStatus.Done), () => string.Join("; ", outcome.Findings.Select(f => f.Message.En).Concat(outcome.Problems.Select(p => p.Message.En))));
        var run = outcome.Report!.People.Single();
        var opened = run.Events.Where(e => e.Kind == DryRunEvents.TaskOpened).ToList();
        // Proposed by 11 December, agreed by Wednesday the 16th: the checkpoints open from Monday 21 December. The window
        // opens on 16 January, adjusted by the 23rd, confirmed on Thursday 28 January; the quarter's wait ends on
        // 28 March, after the checkpoint of Monday 22 March.
        var confirmed = new DateTimeOffset(2027, 1, 28, 1, 0, 0, TimeSpan.Zero);
        Assert.That(opened.Single(e => e.Step == "confirm" && e.To!.Id == "P3").DueAt, Is.EqualTo(confirmed));
        var mondays = Enumerable.Range(0, 14).Select(w => new DateTimeOffset(2026, 12, 21, 1, 0, 0, TimeSpan.Zero).AddDays(7 * w)).ToList();
        Assert.That(opened.Where(e => e.Step == "checkpoint" && e.To!.Id == "P3").Select(e => (e.At, e.DueAt)), Is.EqualTo(mondays.Select(m => (m, (DateTimeOffset?)m.AddDays(6)))), "fourteen Mondays at 09:00 in Beijing, each due within its week");
        Assert.That(opened.Where(e => e.Step == "checkpoint" && e.To!.Id == "P2").Select(e => e.At), Is.EqualTo(mondays.Take(13).Select(m => m.AddDays(6))), "the manager follows up each one handed in; the last is still open when the quarter ends");
        var results = opened.Single(e => e.Step == "results");
        Assert.That((results.To!.Id, results.At), Is.EqualTo(("P2", confirmed.AddMonths(2))));
        Assert.That(opened.Where(e => e.At >= results.At).Select(e => e.Step), Is.EqualTo(new[] { "results" }), "the checkpoints stop when the results start");
        Assert.That(run.Outcome, Is.EqualTo("completed"));
    }

    [Test]
    public async Task A_draft_with_errors_answers_with_its_findings()
    {
        var outcome = await ProcessDryRun.RunAsync(Db, new DryRunRequest { Definition = """{"key": "broken", "start": "nowhere", "steps": {}}""", Population = Population.People("P3"), StartsAt = CycleStart });

        Assert.That(outcome.Status, Is.EqualTo(DryRunStatus.DefinitionHasErrors));
        Assert.That(outcome.Findings, Is.Not.Empty);
        Assert.That(outcome.Report, Is.Null);
    }

    [Test]
    public async Task A_dry_run_writes_nothing()
    {
        await Launch(Population.Department("D2"));
        var before = await CountRows();

        await DryRun(Population.Department("D0"));
        await ProcessDryRun.RunAsync(Db, new DryRunRequest { Definition = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "annual-review.json")), Population = Population.Department("D1"), StartsAt = CycleStart });

        Assert.That(await CountRows(), Is.EqualTo(before), string.Join(", ", Tables));
    }

    [Test]
    public async Task A_request_that_names_no_process_or_an_unknown_one_is_refused_naming_the_field()
    {
        var neither = await ProcessDryRun.RunAsync(Db, new DryRunRequest { Population = Population.People("P3"), StartsAt = CycleStart });
        var unknown = await ProcessDryRun.RunAsync(Db, new DryRunRequest { ProcessKey = "annual-review", Version = 9, Population = Population.People("P3"), StartsAt = CycleStart });
        var badHorizon = await ProcessDryRun.RunAsync(Db, new DryRunRequest { ProcessKey = "annual-review", Population = Population.People("P3"), StartsAt = CycleStart, Horizon = "P10Y" });
        var noPopulation = await ProcessDryRun.RunAsync(Db, new DryRunRequest { ProcessKey = "annual-review", StartsAt = CycleStart });

        Assert.That((neither.Status, neither.Problems.Single().Pointer), Is.EqualTo((DryRunStatus.Invalid, "/processKey")));
        Assert.That((unknown.Status, unknown.Problems.Single().Pointer), Is.EqualTo((DryRunStatus.NotFound, "/version")));
        Assert.That((badHorizon.Status, badHorizon.Problems.Single().Pointer), Is.EqualTo((DryRunStatus.Invalid, "/horizon")));
        Assert.That((noPopulation.Status, noPopulation.Problems.Single().Pointer), Is.EqualTo((DryRunStatus.Invalid, "/population")));
        Assert.That(new[] { neither, unknown, badHorizon, noPopulation }.SelectMany(o => o.Problems).All(p => p.Message.ZhCn.Length > 0 && p.Message.En.Length > 0));
    }

    private async Task<DryRunReport> DryRun(Population population, string? horizon = null)
    {
        var outcome = await ProcessDryRun.RunAsync(Db, new DryRunRequest { ProcessKey = "annual-review", Population = population, StartsAt = CycleStart, EndsAt = CycleEnd, Horizon = horizon, Actor = "P6" });
        Assert.That(outcome.Status, Is.EqualTo(DryRunStatus.Done), () => string.Join("; ", outcome.Problems.Select(p => p.Message.En)));
        return outcome.Report!;
    }

    private async Task<List<long>> CountRows()
    {
        var counts = new List<long>();
        foreach (var table in Tables)
        {
            counts.Add(await Rows(table));
        }

        return counts;
    }
}
