using FormFlow.Processes;
using FormFlow.Templates;

namespace FormFlow.Tests.Processes;

/// <summary>A step's <c>meeting</c> checked by the reader and against its form at publishing (docs/processes.md, "meeting").</summary>
public class MeetingLintTests
{
    private const string Meeting = """{ "at": "meeting_at", "place": "meeting_place", "agenda": "agenda", "duration": "PT1H", "with": ["subject", "manager"] }""";

    // The small annual interview with the manager's preparation before it, booking the interview.
    private static ProcessJson Prepared(string meeting = Meeting, string write = """["checklist", "strengths", "gaps", "support"]""") => new ProcessJson()
        .WithJson("forms/prep", "\"interview-preparation-333\"")
        .WithJson("start", "\"prepare\"")
        .WithStep("prepare", $$"""{ "kind": "form", "title": { "zh-CN": "面谈准备", "en": "Preparation" }, "form": "prep", "assignee": "manager", "write": {{write}}, "meeting": {{meeting}}, "next": "fill-record" }""");

    private static async Task<IReadOnlyList<LintFinding>> LintAsync(ProcessJson process)
    {
        var read = ProcessReader.Read(process.Build());
        Assert.That(read.Findings.Select(f => $"{f.Code} at {f.Path}: {f.Message.En}"), Is.Empty, "the reader accepts the process");
        return await ProcessLinter.LintAsync(read, ShippedTemplates.Find, null);
    }

    [Test]
    public async Task A_meeting_on_the_preparations_time_place_and_agenda_gives_no_findings()
    {
        Assert.That(await LintAsync(Prepared()), Is.Empty);
        Assert.That(await LintAsync(Prepared("""{ "at": "meeting_at", "with": ["manager"] }""")), Is.Empty, "place, agenda and duration may be left out");
    }

    [Test]
    public async Task A_field_the_form_lacks_is_named_with_the_step_and_the_form()
    {
        var finding = (await LintAsync(Prepared(Meeting.Replace("\"agenda\": \"agenda\"", "\"agenda\": \"topics\"", StringComparison.Ordinal)))).Single();

        Assert.That(finding.Code, Is.EqualTo("process.meeting-field-unknown"));
        Assert.That(finding.Path, Is.EqualTo("$.steps.prepare.meeting.agenda"));
        Assert.That(finding.Message.ZhCn, Does.Contain("「prepare」").And.Contain("「topics」"));
        Assert.That(finding.Message.En, Does.Contain("\"prepare\"").And.Contain("\"topics\"").And.Contain("interview-preparation-333"));
    }

    [Test]
    public async Task A_time_that_is_not_a_date_time_field_is_refused()
    {
        var finding = (await LintAsync(Prepared("""{ "at": "meeting_place", "with": ["subject", "manager"] }"""))).Single();

        Assert.That(finding.Code, Is.EqualTo("process.meeting-field-not-date-time"));
        Assert.That(finding.Path, Is.EqualTo("$.steps.prepare.meeting.at"));
        Assert.That(finding.Message.ZhCn, Does.Contain("面谈地点").And.Contain("meeting_place"));
        Assert.That(finding.Message.En, Does.Contain("Meeting place").And.Contain("date-time"));
    }

    [Test]
    public async Task A_place_that_is_not_text_is_refused()
    {
        var finding = (await LintAsync(Prepared("""{ "at": "meeting_at", "place": "checklist", "with": ["manager"] }"""))).Single();

        Assert.That(finding.Code, Is.EqualTo("process.meeting-field-not-text"));
        Assert.That(finding.Path, Is.EqualTo("$.steps.prepare.meeting.place"));
    }

    [Test]
    public async Task A_step_that_does_not_write_the_time_can_never_book_the_meeting()
    {
        var findings = await LintAsync(Prepared(write: """["strengths", "gaps", "support"]""").WithJson("steps/prepare/read", """["checklist"]""")
            .WithStep("book", """{ "kind": "form", "form": "prep", "assignee": "manager", "write": ["checklist"], "next": "fill-record" }""")
            .WithJson("steps/prepare/next", "\"book\""));

        var finding = findings.Single();
        Assert.That(finding.Code, Is.EqualTo("process.meeting-field-unwritten"));
        Assert.That(finding.Path, Is.EqualTo("$.steps.prepare.meeting.at"));
        Assert.That(finding.Message.ZhCn, Does.Contain("「prepare」").And.Contain("面谈时间"));
        Assert.That(finding.Message.En, Does.Contain("\"prepare\"").And.Contain("\"checklist\""));
    }

    [Test]
    public async Task An_agenda_the_steps_people_do_not_read_is_not_sent_to_the_invited()
    {
        var process = Prepared("""{ "at": "meeting_at", "agenda": "support_actions", "with": ["subject", "manager"] }""", """["checklist", "strengths", "gaps"]""")
            .WithStep("support", """{ "kind": "form", "form": "prep", "assignee": "manager", "write": ["support"], "next": "fill-record" }""")
            .WithJson("steps/prepare/next", "\"support\"");

        var codes = (await LintAsync(process)).Select(f => (f.Code, f.Path));

        Assert.That(codes, Is.EquivalentTo(new[]
        {
            ("process.meeting-field-not-text", "$.steps.prepare.meeting.agenda"),
            ("process.meeting-field-unread", "$.steps.prepare.meeting.agenda"),
        }));
    }

    [TestCase("""{ "at": "meeting_at", "duration": "PT0S", "with": ["manager"] }""", "process.meeting-duration", "$.steps.prepare.meeting.duration")]
    [TestCase("""{ "at": "meeting_at", "duration": "-PT1H", "with": ["manager"] }""", "process.meeting-duration", "$.steps.prepare.meeting.duration")]
    [TestCase("""{ "at": "meeting_at", "with": ["boss"] }""", "process.bad-assignee", "$.steps.prepare.meeting.with[0]")]
    [TestCase("""{ "at": "meeting_at", "with": [] }""", "process.wrong-type", "$.steps.prepare.meeting.with")]
    [TestCase("""{ "with": ["manager"] }""", "process.missing-member", "$.steps.prepare.meeting.at")]
    [TestCase("""{ "at": "meeting_at", "with": ["manager"], "room": "A" }""", "process.unknown-member", "$.steps.prepare.meeting.room")]
    [TestCase("\"meeting_at\"", "process.wrong-type", "$.steps.prepare.meeting")]
    public void The_reader_refuses_a_meeting_written_wrong(string meeting, string code, string path)
    {
        var read = ProcessReader.Read(Prepared(meeting).Build());

        Assert.That(read.Findings.Select(f => (f.Code, f.Path)), Does.Contain((code, path)), string.Join("\n", read.Findings.Select(f => $"{f.Code} at {f.Path}: {f.Message.En}")));
        Assert.That(read.Process, Is.Null);
    }

    [Test]
    public void Only_form_and_review_steps_book_meetings()
    {
        var read = ProcessReader.Read(new ProcessJson().WithJson("steps/skip-approval/meeting", Meeting).Build());

        Assert.That(read.Findings.Select(f => (f.Code, f.Path)), Is.EqualTo(new[] { ("process.unknown-member", "$.steps['skip-approval'].meeting") }));
    }
}
