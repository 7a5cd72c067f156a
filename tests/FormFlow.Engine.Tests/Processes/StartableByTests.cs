using FormFlow.Processes;
using FormFlow.Templates;

namespace FormFlow.Tests.Processes;

/// <summary><c>startableBy</c>: who may start one instance on demand — the relations a step's assignee names, nothing else.</summary>
public class StartableByTests
{
    [Test]
    public void The_relations_are_read_in_the_order_written()
    {
        var read = ProcessReader.Read(new ProcessJson().WithJson("startableBy", """["subject", "manager", "skip-level", "department-head", "hrbp"]""").Build());

        Assert.That(read.Findings, Is.Empty);
        Assert.That(read.Process!.StartableBy, Is.EqualTo(new[] { "subject", "manager", "skip-level", "department-head", "hrbp" }));
    }

    [Test]
    public void A_process_without_startableBy_is_started_only_by_cycles()
    {
        Assert.That(ProcessReader.Read(new ProcessJson().Build()).Process!.StartableBy, Is.Empty);
    }

    [Test]
    public void An_unknown_starter_is_an_error_naming_the_value_and_the_relations_there_are()
    {
        var read = ProcessReader.Read(new ProcessJson().WithJson("startableBy", """["manager", "boss"]""").Build());

        var finding = read.Findings.Single();
        Assert.That((finding.Code, finding.Severity, finding.Path), Is.EqualTo(("process.unknown-starter", LintSeverity.Error, "$.startableBy[1]")));
        Assert.That(finding.Message.En, Does.Contain("\"boss\"").And.Contain("subject, manager, skip-level, department-head, hrbp"));
        Assert.That(finding.Message.ZhCn, Does.Contain("boss"));
    }

    [TestCase("\"manager\"", "$.startableBy")]
    [TestCase("""["manager", 3]""", "$.startableBy[1]")]
    public void StartableBy_that_is_not_an_array_of_relations_is_a_wrong_type(string value, string path)
    {
        var read = ProcessReader.Read(new ProcessJson().WithJson("startableBy", value).Build());

        Assert.That(read.Findings.Select(f => (f.Code, f.Path)), Is.EqualTo(new[] { ("process.wrong-type", path) }));
    }
}
