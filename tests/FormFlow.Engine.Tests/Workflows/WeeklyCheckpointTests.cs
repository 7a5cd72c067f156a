using System.Text.Json.Nodes;
using FormFlow.Actuals;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// A recurring step that starts on a weekday (<c>"startOn": "monday"</c>, docs/processes.md "recurring"): its first
/// occurrence opens on the next Monday at 09:00 China Standard Time, then every period of whole weeks — the weekly KPI
/// checkpoint of seed 004. The clock starts on Tuesday 1 December 2026, 09:00 in Beijing.
/// </summary>
public class WeeklyCheckpointTests(string kind) : RuntimeTest(kind)
{
    private const string Employee = "P5";
    private const string Manager = "P4";

    [SetUp]
    public Task PublishProcess() => Publish("""
        {
          "key": "weekly-checkpoint",
          "title": { "zh-CN": "每周检查点", "en": "Weekly checkpoint" },
          "forms": { "checkin": "monthly-check-in" },
          "start": "checkpoint",
          "steps": {
            "checkpoint": {
              "kind": "recurring", "form": "checkin", "assignee": "subject", "every": "P7D", "startOn": "monday", "count": 13,
              "write": ["progress"], "due": { "after": "P6D" }, "next": "end"
            },
            "end": { "kind": "end" }
          }
        }
        """);

    [Test]
    public async Task A_checkpoint_opens_on_the_next_Monday_at_nine_in_Beijing_and_every_seven_days_thirteen_times()
    {
        await Runtime.StartAsync("weekly-checkpoint", Employee, "P6");

        await Advance(new DateTimeOffset(2026, 12, 7, 0, 59, 0, TimeSpan.Zero) - Clock.GetUtcNow());
        Assert.That(await Inbox(Employee), Is.Empty, "Monday 08:59 in Beijing: not yet");

        await Advance(TimeSpan.FromMinutes(1));
        for (var week = 1; week < 15; week++)
        {
            await Advance(TimeSpan.FromDays(7));
        }

        var opened = (await Inbox(Employee)).Where(t => t.Step == "checkpoint").Select(t => DateTimeOffset.FromUnixTimeMilliseconds(t.CreatedAt)).Order().ToList();
        var mondays = Enumerable.Range(0, 13).Select(w => new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero).AddDays(7 * w)).ToList();
        Assert.That(opened, Is.EqualTo(mondays), "thirteen Mondays at 09:00 China Standard Time, none after");
        Assert.That(opened.Select(o => o.ToOffset(TimeSpan.FromHours(8)).DayOfWeek).Distinct(), Is.EqualTo(new[] { DayOfWeek.Monday }));
    }

    [Test]
    public async Task Entered_on_a_Monday_before_nine_the_first_checkpoint_opens_that_morning()
    {
        await Advance(new DateTimeOffset(2026, 12, 6, 23, 0, 0, TimeSpan.Zero) - Clock.GetUtcNow());
        await Runtime.StartAsync("weekly-checkpoint", Employee, "P6");

        await Advance(TimeSpan.FromHours(2));

        var first = await TaskOf(Employee, "checkpoint");
        Assert.That(first.CreatedAt, Is.EqualTo(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));
        Assert.That(first.DueAt, Is.EqualTo(new DateTimeOffset(2026, 12, 13, 1, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()), "due within the week");
    }

    [Test]
    public async Task The_checkpoint_opens_with_last_weeks_actuals_of_the_subjects_indicators_and_keeps_the_draft_written_over_it()
    {
        await PublishSample("kpi-quarterly");
        var published = await Publish("""
            {
              "key": "kpi-weekly",
              "title": { "zh-CN": "每周 KPI 检查点", "en": "Weekly KPI checkpoint" },
              "forms": { "checkpoint": "kpi-checkpoint" },
              "start": "checkpoint",
              "steps": {
                "checkpoint": {
                  "kind": "recurring", "form": "checkpoint", "assignee": "subject", "every": "P7D", "startOn": "monday", "count": 13,
                  "read": ["actuals"], "write": ["note"], "reviewer": "manager", "reviewerWrite": ["manager"], "due": { "after": "P6D" }, "next": "end"
                },
                "end": { "kind": "end" }
              }
            }
            """);
        Assert.That(published.Published, Is.True, () => string.Join("; ", published.Findings.Select(f => $"{f.Code} {f.Path} {f.Message.En}")));
        await Runtime.StartAsync("kpi-quarterly", Employee, "P6");
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Manager, "propose")).Id, Manager, Sample("kpi-setting", "indicators")));
        Succeeded(await Runtime.SubmitAsync((await TaskOf(Employee, "respond")).Id, Employee, new JsonObject { ["employee_decision"] = "agree" }));
        var weekly = await Runtime.StartAsync("kpi-weekly", Employee, "P6");
        await Advance(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero) - Clock.GetUtcNow());

        var kpis = new KpiDesk(Db, Clock);
        var indicators = (await kpis.BoardAsync(Manager, Employee))!.Indicators;
        var lastWeek = indicators[0].LastPeriod;
        Assert.That(lastWeek, Is.EqualTo(Period.Last(indicators[0].Indicator.Frequency, new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero)).Label), "the period before the Monday the checkpoint opened");
        var recorded = await kpis.RecordAsync(Manager, [new ActualEntry(Employee, indicators[0].Indicator.Id, lastWeek, 5)], ActualSource.Hand);
        Assert.That(recorded.Problems, Is.Empty);

        // The shipped quarterly KPIs open their own checkpoint the same Monday: this one is the weekly process's.
        var task = (await Inbox(Employee)).Single(t => t.Step == "checkpoint" && t.InstanceId == weekly.Id);
        var opened = (await Tasks.OpenAsync(task.Id, Employee))!;
        var lines = opened.Data["last_week"]!.AsArray().Select(l => l!.AsObject()).ToList();
        Assert.That(lines.Select(l => (string?)l["name"]), Is.EqualTo(indicators.Select(i => i.Indicator.Name)), "one line per indicator of the subject, in the board's order");
        Assert.That(((double?)lines[0]["value"], (bool?)lines[0]["breaches"]), Is.EqualTo(((double?)5, (bool?)indicators[0].Indicator.Breaches(5))));
        Assert.That((double?)lines[0]["target"], Is.EqualTo(indicators[0].Indicator.Target));
        Assert.That(lines.Skip(1).Select(l => l["value"]), Is.All.Null, "a week without an actual is left empty");
        Assert.That(opened.Writable, Is.EqualTo(new[] { "note" }), "nobody types actuals into the checkpoint");

        Succeeded(await Runtime.SaveDraftAsync(task.Id, Employee, new JsonObject { ["note"] = "工单量比预期多" }));
        var again = (await Tasks.OpenAsync(task.Id, Employee))!;
        Assert.That(((string?)again.Data["note"], again.Data["last_week"]!.AsArray().Count), Is.EqualTo(("工单量比预期多", indicators.Count)), "the draft stays, the actuals are read again");
    }
}
