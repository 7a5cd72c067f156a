using System.Text.Json.Nodes;
using FormFlow.Storage;
using FormFlow.Workflows;

namespace FormFlow.Tests.Workflows;

/// <summary>
/// The schema a task gives the browser keeps the conditionals the server will hold the person to: those whose
/// condition reads fields they can read, reduced to the fields they write.
/// </summary>
public class FormReductionTests
{
    private static JsonObject Template(string key) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, key + ".json")))!.AsObject();

    private static HashSet<string> Set(params string[] fields) => new(fields, StringComparer.Ordinal);

    private static JsonObject Reduce(JsonObject template, HashSet<string> readable, HashSet<string> writable) =>
        FormReduction.Reduce(template, readable, writable).Schema;

    private static string[] AllFields(JsonObject template) =>
        [.. template["schema"]!["properties"]!.AsObject().Select(p => p.Key)];

    [Test]
    public void The_self_review_period_pattern_reaches_the_person_who_writes_the_period()
    {
        var template = Template("self-review");
        var all = Set(AllFields(template));

        var schema = Reduce(template, all, all);

        Assert.Multiple(() =>
        {
            Assert.That(JsonNode.DeepEquals(schema["if"], template["schema"]!["if"]), Is.True, schema.ToJsonString());
            Assert.That((string?)schema["then"]!["properties"]!["period"]!["pattern"], Is.EqualTo(@"^\d{4}-Q[1-4]$"));
            Assert.That((string?)schema["else"]!["properties"]!["period"]!["pattern"], Is.EqualTo(@"^\d{4}$"));
        });
    }

    [Test]
    public void The_feedback_log_requires_a_suggestion_for_an_improvement_in_the_browser_too()
    {
        var template = Template("feedback-log");
        var all = Set(AllFields(template));

        var schema = Reduce(template, all, all);

        Assert.That(schema["then"]!["required"]!.AsArray().Select(n => (string?)n), Is.EqualTo(new[] { "suggestion" }), schema.ToJsonString());
    }

    [Test]
    public void A_branch_keeps_only_the_fields_the_person_writes()
    {
        var template = Template("self-review");

        // The person reads the cycle and writes nothing of the basics: the period's pattern is not theirs to meet.
        var schema = Reduce(template, Set("cycle", "period", "overall_rating"), Set("overall_rating"));

        Assert.Multiple(() =>
        {
            Assert.That(schema["if"], Is.Not.Null);
            Assert.That(schema["then"]!["properties"]!.AsObject(), Is.Empty);
            Assert.That(schema["else"]!["properties"]!.AsObject(), Is.Empty);
        });
    }

    [Test]
    public void A_condition_on_a_field_the_person_cannot_read_is_left_out_whole()
    {
        var template = Template("feedback-log");

        // The condition reads "kind"; a person who cannot read it must not learn from the form what it holds.
        var schema = Reduce(template, Set("suggestion"), Set("suggestion"));

        Assert.That(schema.ContainsKey("if") || schema.ContainsKey("then"), Is.False, schema.ToJsonString());
    }

    [Test]
    public void A_branch_whose_fields_cannot_be_told_leaves_the_conditional_out()
    {
        var template = Template("feedback-log");
        template["schema"]!["then"]!["additionalProperties"] = false;
        var all = Set(AllFields(template));

        var schema = Reduce(template, all, all);

        Assert.That(schema.ContainsKey("if"), Is.False);
    }

    [Test]
    public void Each_part_of_a_top_level_allOf_is_reduced_like_a_branch()
    {
        var template = Template("feedback-log");
        template["schema"]!["allOf"] = JsonNode.Parse("""[ { "required": ["behavior", "effect"] }, { "$ref": "#/definitions/x" } ]""");

        var schema = Reduce(template, Set("behavior", "effect"), Set("behavior"));

        Assert.That(schema["allOf"]!.ToJsonString(), Is.EqualTo("""[{"required":["behavior"]}]"""));
    }

    [Test]
    public async Task One_kept_template_document_reduced_for_many_people_at_once_gives_each_their_own_form_and_stays_as_published()
    {
        // Opening a task reduces the template's document kept parsed (PublishedDefinitions.Document), shared by every
        // request: 8 threads × 200 reductions, each person reading all and writing every other field (read-only marks).
        var body = File.ReadAllText(Path.Combine(RepositoryFiles.Templates, "self-review.json"));
        var kept = PublishedDefinitions.Document(body);
        var published = kept.ToJsonString();
        var fields = AllFields(Template("self-review"));
        var accesses = Enumerable.Range(0, 4).Select(i => (Readable: Set(fields), Writable: Set([.. fields.Where((_, f) => f % 4 == i)]))).ToArray();
        var expected = accesses.Select(a => FormReduction.Reduce(Template("self-review"), a.Readable, a.Writable)).ToArray();

        var mismatches = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            for (var n = 0; n < 200; n++)
            {
                var which = (thread + n) % accesses.Length;
                var (schema, ui) = FormReduction.Reduce(kept, accesses[which].Readable, accesses[which].Writable);
                if (!JsonNode.DeepEquals(schema, expected[which].Schema) || !JsonNode.DeepEquals(ui, expected[which].UiSchema))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })));

        Assert.That((mismatches, kept.ToJsonString()), Is.EqualTo((0, published)));
    }
}
