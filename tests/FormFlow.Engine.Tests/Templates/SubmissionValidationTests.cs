using System.Text.Json.Nodes;
using FormFlow.Templates;

namespace FormFlow.Tests.Templates;

public class SubmissionValidationTests
{
    private static FormTemplate MiniReview(TemplateBuilder? builder = null) =>
        FormTemplate.Load((builder ?? new TemplateBuilder()).Build()).Template
        ?? throw new InvalidOperationException("the test template does not load");

    private static (string Pointer, string Code)[] Problems(SubmissionResult result) =>
        [.. result.Problems.Select(p => (p.Pointer, p.Code))];

    [Test]
    public void Valid_data_has_no_problem_and_carries_the_computed_value()
    {
        var result = MiniReview().Validate("""{ "rating": 2, "actions": [ { "what": "每周复盘", "due": "2026-12-31" } ] }""");

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Data!["action_count"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public void Every_problem_is_returned_at_once()
    {
        var result = MiniReview().Validate("""
            { "rating": 7, "comment": 3, "actions": [ { "what": "" , "due": "31/12/2026" }, { "due": "2026-01-01" } ], "extra": true }
            """);

        Assert.That(Problems(result), Is.EquivalentTo(new[]
        {
            ("/rating", "maximum"),
            ("/comment", "type"),
            ("/actions/0/what", "minLength"),
            ("/actions/0/due", "format"),
            ("/actions/1/what", "required"),
            ("/extra", "additionalProperties"),
        }));
    }

    [Test]
    public void What_the_client_sends_for_a_computed_field_is_ignored()
    {
        var result = MiniReview().Validate("""{ "rating": 4, "action_count": "lots" }""");

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Data!["action_count"]!.GetValue<long>(), Is.EqualTo(0));
    }

    [Test]
    public void A_cross_field_rule_is_enforced_with_its_message()
    {
        var result = MiniReview().Validate("""{ "rating": 1 }""");

        var problem = result.Problems.Single();
        Assert.That((problem.Pointer, problem.Code), Is.EqualTo(("/actions", "rule.action-when-low-rating")));
        Assert.That(problem.Message.ZhCn, Is.EqualTo("评分为 2 分及以下时至少填写一项改进行动"));
        Assert.That(problem.Message.En, Is.EqualTo("Add at least one improvement action when the rating is 2 or lower"));
    }

    [Test]
    public void A_rule_is_not_checked_over_a_field_that_is_itself_invalid()
    {
        var result = MiniReview().Validate("""{ "rating": "low" }""");

        Assert.That(Problems(result), Is.EqualTo(new[] { ("/rating", "type") }));
    }

    [Test]
    public void A_computed_value_is_validated_against_its_schema()
    {
        var template = MiniReview(new TemplateBuilder().With("schema/properties/action_count/maximum", 1));

        var result = template.Validate("""{ "rating": 3, "actions": [ { "what": "a", "due": "2026-01-01" }, { "what": "b", "due": "2026-02-01" } ] }""");

        Assert.That(Problems(result), Is.EqualTo(new[] { ("/action_count", "maximum") }));
    }

    [Test]
    public void A_computed_value_is_validated_against_a_condition_the_whole_form_sets_on_it()
    {
        // Not only its property's schema reaches the computed field here, so the whole document is checked again.
        var template = MiniReview(new TemplateBuilder()
            .With("schema/if", JsonNode.Parse("""{ "properties": { "rating": { "const": 3 } } }"""))
            .With("schema/then", JsonNode.Parse("""{ "properties": { "action_count": { "maximum": 1 } } }""")));

        var three = template.Validate("""{ "rating": 3, "actions": [ { "what": "a", "due": "2026-01-01" }, { "what": "b", "due": "2026-02-01" } ] }""");
        var four = template.Validate("""{ "rating": 4, "actions": [ { "what": "a", "due": "2026-01-01" }, { "what": "b", "due": "2026-02-01" } ] }""");

        Assert.That(Problems(three), Is.EqualTo(new[] { ("/action_count", "maximum") }));
        Assert.That(four.Problems, Is.Empty);
    }

    [Test]
    public void A_computed_expression_that_fails_on_valid_data_is_reported()
    {
        var template = MiniReview(new TemplateBuilder().With("computed/0/expression", "(form.comment | string.size) / 0"));

        var result = template.Validate("""{ "rating": 3, "comment": "ok" }""");

        Assert.That(Problems(result), Is.EqualTo(new[] { ("/action_count", "computed.failed") }));
    }

    [Test]
    public void Decimal_weights_add_up_exactly()
    {
        var template = MiniReview(new TemplateBuilder()
            .With("schema/properties/weights", JsonNode.Parse("""{ "type": "array", "items": { "type": "number" } }"""))
            .With("fields/weights", JsonNode.Parse("""{ "label": { "zh-CN": "权重", "en": "Weights" } }"""))
            .With("sections/0/fields", new JsonArray("rating", "comment", "weights"))
            .With("rules/1", JsonNode.Parse("""{ "key": "hundred", "assert": "(sum form.weights) == 100", "field": "weights", "message": { "zh-CN": "合计 100", "en": "Total 100" } }""")));

        Assert.That(template.Validate("""{ "rating": 3, "weights": [33.3, 33.3, 33.4] }""").Problems, Is.Empty);
        Assert.That(Problems(template.Validate("""{ "rating": 3, "weights": [33.3, 33.3, 33.3] }""")), Is.EqualTo(new[] { ("/weights", "rule.hundred") }));
    }

    [Test]
    public void Text_that_is_not_json_is_one_problem_with_its_position()
    {
        var result = MiniReview().Validate("{ \"rating\": 3,\n  \"comment\": }");

        var problem = result.Problems.Single();
        Assert.That(problem.Code, Is.EqualTo("json.syntax"));
        Assert.That(problem.Message.En, Does.StartWith("Line 2, column"));
        Assert.That(result.Data, Is.Null);
    }

    [Test]
    public void A_field_sent_twice_is_refused()
    {
        var result = MiniReview().Validate("""{ "rating": 3, "rating": 1 }""");

        Assert.That(Problems(result), Is.EqualTo(new[] { (string.Empty, "json.duplicate-key") }));
    }

    [Test]
    public void Messages_name_the_field_by_its_label_in_both_languages()
    {
        var result = MiniReview().Validate("""{ "rating": 9 }""");

        var message = result.Problems.Single().Message;
        Assert.That(message.ZhCn, Does.Contain("评分"));
        Assert.That(message.En, Does.Contain("Rating"));
    }

    [Test]
    public void A_hostile_expression_stops_at_the_loop_limit_instead_of_running_forever()
    {
        var template = MiniReview(new TemplateBuilder().With("rules/0/assert", "for i in 1..100000000; end; true"));

        var result = template.Validate("""{ "rating": 1 }""");

        Assert.That(Problems(result), Is.EqualTo(new[] { ("/actions", "rule.failed") }));
        Assert.That(result.Problems[0].Message.En, Does.Contain("LoopLimit"));
    }

    [Test]
    public void Every_broken_rule_is_reported_whatever_the_order_of_the_rules()
    {
        var template = MiniReview(new TemplateBuilder()
            .With("rules/1", JsonNode.Parse("""{ "key": "comment-when-low", "when": "form.rating <= 2", "assert": "form.comment != null", "field": "comment", "message": { "zh-CN": "请写评语", "en": "Write a comment" } }""")));

        var result = template.Validate("""{ "rating": 1 }""");

        Assert.That(Problems(result), Is.EquivalentTo(new[] { ("/actions", "rule.action-when-low-rating"), ("/comment", "rule.comment-when-low") }));
    }

    [Test]
    public void A_computed_field_with_nothing_to_compute_stays_absent()
    {
        var template = MiniReview(new TemplateBuilder().With("computed/0/expression", "form.comment"));

        var result = template.Validate("""{ "rating": 3 }""");

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Data!.ContainsKey("action_count"), Is.False);
    }

    [Test]
    public void Data_nested_too_deep_is_refused_with_its_own_code()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100));

        var result = MiniReview().Validate("{ \"rating\": 3, \"comment\": " + deep + " }");

        Assert.That(Problems(result), Is.EqualTo(new[] { (string.Empty, "json.too-deep") }));
    }

    [Test]
    public void One_template_validates_many_submissions_at_once_without_mixing_them()
    {
        var template = MiniReview();
        var submissions = Enumerable.Range(0, 400)
            .Select(i => i % 2 == 0 ? """{ "rating": 1 }""" : """{ "rating": 2, "actions": [ { "what": "a", "due": "2026-01-01" } ] }""")
            .ToArray();

        var results = new SubmissionResult[submissions.Length];
        Parallel.For(0, submissions.Length, i => results[i] = template.Validate(submissions[i]));

        Assert.That(results.Where((_, i) => i % 2 == 0).Select(r => r.Problems.Single().Code), Has.All.EqualTo("rule.action-when-low-rating"));
        Assert.That(results.Where((_, i) => i % 2 == 1), Has.All.Matches<SubmissionResult>(r => r.IsValid && r.Data!["action_count"]!.GetValue<long>() == 1));
    }

    [Test]
    public void An_expression_cannot_change_the_built_in_functions_for_the_next_one()
    {
        var template = MiniReview(new TemplateBuilder().With("rules/0/assert", "array.size = 99; (form.actions ?? []) | array.size >= 1"));

        var first = template.Validate("""{ "rating": 1 }""");
        var second = template.Validate("""{ "rating": 1, "actions": [ { "what": "a", "due": "2026-01-01" } ] }""");

        Assert.That(first.Problems.Single().Code, Is.EqualTo("rule.failed"));
        Assert.That(first.Problems.Single().Message.En, Does.Contain("readonly"));
        Assert.That(second.Problems.Single().Code, Is.EqualTo("rule.failed"));
    }

    [Test]
    public void A_rule_that_names_a_field_at_run_time_reads_that_field()
    {
        var template = MiniReview(new TemplateBuilder().Without("rules/0/when").With("rules/0/assert", "form[\"com\" + \"ment\"] != \"forbidden\""));

        var refused = template.Validate("""{ "rating": 4, "comment": "forbidden" }""");
        var accepted = template.Validate("""{ "rating": 4, "comment": "fine" }""");

        Assert.That(Problems(refused), Is.EqualTo(new[] { ("/actions", "rule.action-when-low-rating") }));
        Assert.That(accepted.Problems, Is.Empty);
    }

    [Test]
    public void A_rule_that_reads_the_form_as_a_whole_sees_every_field()
    {
        var template = MiniReview(new TemplateBuilder().Without("rules/0/when").With("rules/0/assert", "!(form | object.keys | array.contains \"comment\")"));

        var refused = template.Validate("""{ "rating": 4, "comment": "any" }""");
        var accepted = template.Validate("""{ "rating": 4 }""");

        Assert.That(Problems(refused), Is.EqualTo(new[] { ("/actions", "rule.action-when-low-rating") }));
        Assert.That(accepted.Problems, Is.Empty);
    }

    [Test]
    public void Text_that_needs_escaping_in_json_comes_back_from_validation_as_it_was_sent()
    {
        var access = new FormFlow.Workflows.FormAccess(MiniReview(), new FormFlow.Processes.Access([], ["rating", "plan"], ReadsAll: false));
        var text = "评语 \"引号\" \\ 反斜杠\t制表 \u0001 <b>&amp;</b> 👍 é";
        var merged = new JsonObject { ["rating"] = 4, ["comment"] = text };

        var (data, problems) = access.Validate(merged);

        Assert.That(problems, Is.Empty);
        Assert.That(data!["comment"]!.GetValue<string>(), Is.EqualTo(text));
        Assert.That(data["action_count"]!.GetValue<long>(), Is.EqualTo(0));
    }
}
