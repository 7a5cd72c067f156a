using FormFlow.Processes;
using FormFlow.Templates;

namespace FormFlow.Tests.Processes;

/// <summary>
/// A recurring step's <c>startOn</c> (docs/processes.md, "recurring"): a day of the week, on a recurring step only, whose
/// period is a whole number of weeks.
/// </summary>
public class StartOnLintTests
{
    private static IReadOnlyList<LintFinding> Read(string step) => ProcessReader.Read($$"""
        {
          "key": "weekly",
          "title": { "zh-CN": "每周", "en": "Weekly" },
          "forms": { "checkin": "monthly-check-in" },
          "start": "checkpoint",
          "steps": {
            "checkpoint": {{step}},
            "end": { "kind": "end" }
          }
        }
        """).Findings;

    [Test]
    public void A_weekly_step_starting_on_Monday_is_accepted()
    {
        Assert.That(Read("""{ "kind": "recurring", "form": "checkin", "assignee": "subject", "every": "P7D", "startOn": "monday", "count": 13, "write": ["progress"], "next": "end" }"""), Is.Empty);
        Assert.That(Read("""{ "kind": "recurring", "form": "checkin", "assignee": "subject", "every": "P2W", "startOn": "friday", "count": 6, "write": ["progress"], "next": "end" }"""), Is.Empty);
    }

    [Test]
    public void A_day_that_is_not_a_day_of_the_week_is_refused_with_the_days_to_choose_from()
    {
        var finding = Read("""{ "kind": "recurring", "form": "checkin", "assignee": "subject", "every": "P7D", "startOn": "周一", "count": 13, "write": ["progress"], "next": "end" }""").Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.start-on-unknown-day", "$.steps.checkpoint.startOn")));
        Assert.That(finding.Message.ZhCn, Does.Contain("startOn").And.Contain("monday"));
        Assert.That(finding.Message.En, Is.EqualTo("startOn must be a day of the week: sunday, monday, tuesday, wednesday, thursday, friday, saturday"));
    }

    [TestCase("P1M")]
    [TestCase("P10D")]
    [TestCase("PT168H1M")]
    public void A_period_that_is_not_whole_weeks_is_refused(string every)
    {
        var finding = Read($$"""{ "kind": "recurring", "form": "checkin", "assignee": "subject", "every": "{{every}}", "startOn": "monday", "count": 13, "write": ["progress"], "next": "end" }""").Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.start-on-not-weeks", "$.steps.checkpoint.startOn")));
        Assert.That(finding.Message.ZhCn, Does.Contain("整周"));
        Assert.That(finding.Message.En, Does.Contain("whole number of weeks"));
    }

    [Test]
    public void A_start_day_on_a_step_that_does_not_recur_is_refused()
    {
        var finding = Read("""{ "kind": "wait", "for": "P7D", "startOn": "monday", "next": "end" }""").Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.unknown-member", "$.steps.checkpoint.startOn")));
        Assert.That(finding.Message.En, Does.StartWith("Unknown member \"startOn\""));
    }
}
