using System.Text.Json.Nodes;
using FormFlow.Templates;

namespace FormFlow.Tests.Templates;

/// <summary>
/// A template's <c>roles</c> (what its fields mean), checked at publishing on the shipped interview record: each refusal
/// names the entry at fault in both languages.
/// </summary>
public class RolesLintTests
{
    private static TemplateLoadResult Load(string roles)
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, "interview-record.json")))!.AsObject();
        template["roles"] = JsonNode.Parse(roles);
        return FormTemplate.Load(template.ToJsonString());
    }

    [Test]
    public void The_shipped_interview_record_marks_its_overall_rating_as_the_rating_from_1_to_5()
    {
        var template = FormTemplate.Load(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, "interview-record.json"))).Template!;

        Assert.That(template.FieldOf(FieldRoles.Rating), Is.EqualTo("overall_rating"));
        Assert.That(template.RatingValues["overall_rating"], Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
    }

    [TestCase("""{ "overall_rating": "score" }""", "roles.unknown-role", "$.roles.overall_rating", "overall_rating")]
    [TestCase("""{ "overal_rating": "rating" }""", "roles.unknown-field", "$.roles.overal_rating", "overal_rating")]
    [TestCase("""{ "manager_summary": "rating" }""", "roles.not-a-rating", "$.roles.manager_summary", "manager_summary")]
    [TestCase("""{ "went_well[].completion_pct": "self-rating" }""", "roles.not-a-rating", "$.roles['went_well[].completion_pct']", "completion_pct")]
    [TestCase("""{ "overall_rating": "rating", "went_well": "rating" }""", "roles.duplicate", "$.roles.went_well", "overall_rating")]
    public void A_role_that_does_not_fit_its_field_is_refused_naming_the_entry(string roles, string code, string path, string named)
    {
        var finding = Load(roles).Findings.Single(f => f.Severity == LintSeverity.Error);

        Assert.That((finding.Code, finding.Path), Is.EqualTo((code, path)));
        Assert.That(finding.Message.ZhCn, Does.Contain(named));
        Assert.That(finding.Message.En, Does.Contain(named));
        Assert.That(finding.Line, Is.Not.Null);
    }

    // Found by fuzzing: the rating's schema read as if well formed threw (Json.NET's "Can not convert Object to String",
    // an int overflow) instead of the schema's own findings.
    [TestCase("""{ "type": { "not": "a name" }, "minimum": 1, "maximum": 5 }""")]
    [TestCase("""{ "type": "integer", "minimum": 1, "maximum": 99999999999999999999 }""")]
    [TestCase("""{ "type": "integer", "minimum": -9223372036854775808, "maximum": 9223372036854775807 }""")]
    [TestCase("""{ "type": "integer", "enum": [1, 2, 99999999999] }""")]
    public void A_rating_whose_schema_is_malformed_is_answered_with_findings_not_an_exception(string schema)
    {
        var template = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, "interview-record.json")))!.AsObject();
        template["schema"]!["properties"]!["overall_rating"] = JsonNode.Parse(schema);

        var result = FormTemplate.Load(template.ToJsonString());

        Assert.That(result.Findings.Where(f => f.Severity == LintSeverity.Error).Select(f => f.Code), Is.Not.Empty, "the field is refused, as a finding");
        Assert.That(result.Template, Is.Null);
    }

    [Test]
    public void Every_role_has_a_name_in_both_languages()
    {
        Assert.That(FieldRoles.Names.Keys, Is.EquivalentTo(new[] { "rating", "self-rating", "strengths", "gaps", "support", "plan-action", "plan-due", "plan-status", "kpi", "potential" }));
        Assert.That(FieldRoles.Names.Values.All(n => n.ZhCn.Length > 0 && n.En.Length > 0), Is.True);
    }
}
