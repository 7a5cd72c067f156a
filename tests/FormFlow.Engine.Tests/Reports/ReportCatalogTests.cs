using System.Text.Json.Nodes;
using FormFlow.Reports;
using FormFlow.Storage;
using FormFlow.Tests.Storage;

namespace FormFlow.Tests.Reports;

/// <summary>
/// Report templates as definitions: authors publish their own version of a report's template over the shipped one;
/// publishing renders both languages against the report's sample model and refuses what fails, naming the place.
/// </summary>
public class ReportCatalogTests(string kind) : StorageTest(kind)
{
    private const long At = 1_795_000_000_000;

    [TestCase(ReportTemplates.CycleProgress)]
    [TestCase(ReportTemplates.PreInterview)]
    [TestCase(ReportTemplates.FollowUp)]
    [TestCase(ReportTemplates.History)]
    public void Every_shipped_report_renders_its_sample_model_in_both_languages(string key)
    {
        var preview = ReportCatalog.Preview(ReportTemplates.ShippedJson(key));

        Assert.That(preview.Problems, Is.Empty);
        Assert.That(preview.Texts.Select(t => t.Language), Is.EqualTo(new[] { "zh-CN", "en" }));
        Assert.That(preview.Texts.All(t => t.Html.Contains("<html", StringComparison.Ordinal)), "each renders a whole page");
    }

    [Test]
    public async Task A_published_template_replaces_the_shipped_one_and_each_publish_is_a_new_version()
    {
        Assert.That((await InTransaction(Db, w => ReportCatalog.CurrentAsync(w, ReportTemplates.FollowUp))).Text("zh-CN").Render(Sample(ReportTemplates.FollowUp), Rendering.RenderLimits.Report).Text, Does.Contain("<html"));

        var first = await InTransaction(Db, w => ReportCatalog.PublishAsync(w, Document(ReportTemplates.FollowUp, "<p>跟进 {{ manager.name }}</p>", "<p>Follow-up {{ manager.name }}</p>"), "P6", At));
        var second = await InTransaction(Db, w => ReportCatalog.PublishAsync(w, Document(ReportTemplates.FollowUp, "<p>第二版 {{ manager.name }}</p>", "<p>Second {{ manager.name }}</p>"), "P6", At + 1));

        Assert.That((first.Version, second.Version), Is.EqualTo((1, 2)));
        var rendered = await InTransaction(Db, w => ReportCatalog.RenderAsync(w, ReportTemplates.FollowUp, "en-GB", Sample(ReportTemplates.FollowUp, "en")));
        Assert.That(rendered.Text, Is.EqualTo("<p>Second Li Qiang</p>"));
        Assert.That((await InTransaction(Db, w => DefinitionStore.FindAsync(w, ReportCatalog.Kind, ReportTemplates.FollowUp, 1)))!.Body, Does.Contain("Follow-up"), "version 1 is kept as published");
    }

    [Test]
    public async Task Publishing_refuses_a_syntax_error_naming_the_language_line_and_column_and_stores_nothing()
    {
        var result = await InTransaction(Db, w => ReportCatalog.PublishAsync(w, Document(ReportTemplates.PreInterview, "<h1>{{ employee.name }}</h1>", "<h1>ok</h1>\n{{ for g in gaps }}\n<p>{{ g.result </p>\n{{ end }}"), "P6", At));

        Assert.That(result.Published, Is.False);
        Assert.That(result.Problems.Select(p => (p.Code, p.Language)).Distinct(), Is.EqualTo(new[] { ("report.syntax", (string?)"en") }), "the zh-CN text is fine");
        Assert.That(result.Problems[0].Line, Is.EqualTo(3));
        Assert.That(result.Problems[0].Message.ZhCn, Does.StartWith("en 第 3 行第"));
        Assert.That(await InTransaction(Db, w => DefinitionStore.LatestVersionAsync(w, ReportCatalog.Kind, ReportTemplates.PreInterview)), Is.Null);
    }

    [Test]
    public async Task Publishing_refuses_a_template_that_breaks_a_limit_on_the_sample_model()
    {
        var result = await InTransaction(Db, w => ReportCatalog.PublishAsync(w, Document(ReportTemplates.CycleProgress, "{{ while true }}x{{ end }}", "<p>{{ cycle.name }}</p>"), "P6", At));

        Assert.That(result.Problems.Select(p => (p.Code, p.Language, p.Line)), Is.EqualTo(new[] { ("report.render", (string?)"zh-CN", (int?)1) }));
        Assert.That(result.Problems[0].Message.En, Does.Contain("loop").IgnoreCase);
    }

    [Test]
    public void A_document_for_no_known_report_or_without_a_language_is_refused_with_each_problem()
    {
        var (template, problems) = ReportCatalog.Check("""{ "key": "salaries", "text": { "zh-CN": "<p>x</p>" } }""");

        Assert.That(template, Is.Null);
        Assert.That(problems.Select(p => p.Code), Is.EqualTo(new[] { "report.unknown-key", "report.missing" }));
        Assert.That(problems[0].Message.En, Does.Contain("cycle-progress, pre-interview, follow-up, history"));
        Assert.That(problems[1].Message.En, Is.EqualTo("\"text\".\"en\" is missing (a non-empty text is required)"));
        Assert.That(ReportCatalog.Check("{ not json").Problems.Single().Code, Is.EqualTo("json.syntax"));
    }

    [Test]
    public async Task A_published_template_that_fails_on_real_data_gives_way_to_the_shipped_one()
    {
        // Fine on the sample (two actions), an endless loop for a manager with no actions to follow up.
        const string Text = "{{ while actions.size == 0 }}.{{ end }}<p>{{ actions.size }}</p>";
        var published = await InTransaction(Db, w => ReportCatalog.PublishAsync(w, Document(ReportTemplates.FollowUp, Text, Text), "P6", At));
        Assert.That(published.Problems, Is.Empty);
        var empty = new FollowUpModel("en", "Li Qiang", "17 Dec 2026 09:00", []).ToScriptObject();

        var rendered = await InTransaction(Db, w => ReportCatalog.RenderAsync(w, ReportTemplates.FollowUp, "en", empty));

        Assert.That(rendered.Error, Is.Null);
        Assert.That(rendered.Text, Is.EqualTo(ReportTemplates.Render(ReportTemplates.FollowUp, "en", empty).Text));
    }

    private static Scriban.Runtime.ScriptObject Sample(string key, string language = "zh-CN") => ReportSamples.Model(key, language);

    private static string Document(string key, string zh, string en) =>
        new JsonObject { ["key"] = key, ["text"] = new JsonObject { ["zh-CN"] = zh, ["en"] = en } }.ToJsonString();
}
