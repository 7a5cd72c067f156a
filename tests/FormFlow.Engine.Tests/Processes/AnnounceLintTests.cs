using System.Text.Json.Nodes;
using FormFlow.Processes;
using FormFlow.Templates;

namespace FormFlow.Tests.Processes;

/// <summary>
/// Lint of an <c>announce</c> step (docs/processes.md, "announce"), over the shipped annual review's optional
/// <c>recognition</c> step: each refusal named by the path of the member at fault.
/// </summary>
public class AnnounceLintTests
{
    [Test]
    public async Task The_shipped_recognition_step_is_accepted()
    {
        var findings = await LintAsync(AnnualReview());

        Assert.That(findings.Where(f => f.Severity == LintSeverity.Error).Select(f => $"{f.Code} at {f.Path}"), Is.Empty);
    }

    [Test]
    public async Task A_rating_the_template_lacks_is_named_with_the_step()
    {
        var process = AnnualReview();
        process["steps"]!["recognition"]!["rating"] = "record.overall_score";

        var finding = (await LintAsync(process)).Single(f => f.Code.StartsWith("process.announce-", StringComparison.Ordinal));

        Assert.That((finding.Code, finding.Path, finding.Severity), Is.EqualTo(("process.announce-field-unknown", "$.steps.recognition.rating", LintSeverity.Error)));
        Assert.That(finding.Message.ZhCn, Does.Contain("「recognition」").And.Contain("「overall_score」"));
        Assert.That(finding.Message.En, Does.Contain("\"recognition\"").And.Contain("\"overall_score\""));
    }

    [Test]
    public async Task A_label_for_a_value_the_rating_cannot_take_is_refused()
    {
        var process = AnnualReview();
        process["steps"]!["recognition"]!["labels"]!["6"] = new JsonObject { ["zh-CN"] = "卓越", ["en"] = "Outstanding" };

        var finding = (await LintAsync(process)).Single(f => f.Code.StartsWith("process.announce-", StringComparison.Ordinal));

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.announce-label-unknown", "$.steps.recognition.labels['6']")));
        Assert.That(finding.Message.En, Does.Contain("\"6\"").And.Contain("record.overall_rating"));
    }

    [Test]
    public async Task A_consent_that_is_not_yes_or_no_is_refused()
    {
        var process = AnnualReview();
        process["steps"]!["recognition"]!["consent"] = "record.employee_comment";

        var finding = (await LintAsync(process)).Single(f => f.Code.StartsWith("process.consent-", StringComparison.Ordinal));

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.consent-not-boolean", "$.steps.recognition.consent")));
        Assert.That(finding.Message.ZhCn, Does.Contain("boolean"));
    }

    [Test]
    public async Task A_consent_the_employee_does_not_write_themselves_is_refused()
    {
        // The HRBP's decision section is written by the HRBP: a yes/no there would be somebody else's consent.
        var process = AnnualReview();
        process["steps"]!["confirm"]!["parties"]![0]!["write"] = new JsonArray();
        process["steps"]!["confirm"]!["parties"]![1]!["write"] = new JsonArray("confirmation");

        var finding = (await LintAsync(process)).Single(f => f.Code.StartsWith("process.consent-", StringComparison.Ordinal));

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.consent-not-by-subject", "$.steps.recognition.consent")));
        Assert.That(finding.Message.En, Does.Contain("themselves"));
    }

    [TestCase("rating", "overall_rating", "process.wrong-type")]
    [TestCase("rating", "review.overall_rating", "process.unknown-form")]
    [TestCase("consent", "record.recognition_consent.yes", "process.wrong-type")]
    public void A_field_not_written_form_dot_field_is_refused_by_the_reader(string member, string value, string code)
    {
        var process = AnnualReview();
        process["steps"]!["recognition"]![member] = value;

        var findings = ProcessReader.Read(process.ToJsonString()).Findings;

        Assert.That(findings.Select(f => (f.Code, f.Path)), Does.Contain((code, $"$.steps.recognition.{member}")));
    }

    [Test]
    public void An_announcement_without_a_consent_is_refused()
    {
        var process = AnnualReview();
        process["steps"]!["recognition"]!.AsObject().Remove("consent");

        var findings = ProcessReader.Read(process.ToJsonString()).Findings;

        Assert.That(findings.Select(f => (f.Code, f.Path)), Does.Contain(("process.missing-member", "$.steps.recognition.consent")));
        Assert.That(findings.Single().Message.En, Does.Contain("consent"));
    }

    [Test]
    public void A_member_an_announcement_does_not_take_is_named()
    {
        var process = AnnualReview();
        process["steps"]!["recognition"]!["to"] = new JsonArray("subject");

        var finding = ProcessReader.Read(process.ToJsonString()).Findings.Single();

        Assert.That((finding.Code, finding.Path), Is.EqualTo(("process.unknown-member", "$.steps.recognition.to")));
    }

    private static JsonNode AnnualReview() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "annual-review.json")))!;

    private static async Task<IReadOnlyList<LintFinding>> LintAsync(JsonNode process)
    {
        var read = ProcessReader.Read(process.ToJsonString());
        Assert.That(read.Findings.Select(f => $"{f.Code} at {f.Path}: {f.Message.En}"), Is.Empty, "the reader accepts the process");
        return await ProcessLinter.LintAsync(read, ShippedTemplates.Find, null);
    }
}
