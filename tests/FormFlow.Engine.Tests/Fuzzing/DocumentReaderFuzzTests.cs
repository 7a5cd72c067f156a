using FormFlow.Notifications;
using FormFlow.Processes;
using FormFlow.Templates;
using FormFlow.Tests.Processes;

namespace FormFlow.Tests.Fuzzing;

/// <summary>
/// The readers and linters of what authors write — form templates, processes, notification templates — over the
/// shipped documents damaged by generated mutations (<see cref="JsonMutation"/>). Whatever the text, each answers
/// with findings that name a field or a line, never throws, and returns.
/// </summary>
public class DocumentReaderFuzzTests
{
    private static readonly Lazy<string[]> Templates = new(() => Texts(RepositoryFiles.Templates));
    private static readonly Lazy<string[]> Processes = new(() => Texts(Path.Combine(RepositoryFiles.Root, "samples", "processes")));
    private static readonly Lazy<string[]> Notifications = new(() => Texts(Path.Combine(RepositoryFiles.Root, "samples", "notifications")));

    private static readonly Lazy<Dictionary<string, FormTemplate>> TemplatesByKey = new(() =>
        Templates.Value.Select(t => FormTemplate.Load(t).Template!).ToDictionary(t => t.Key, StringComparer.Ordinal));

    [Test]
    public void Every_mutated_form_template_is_answered_with_findings_that_name_a_field_or_a_line()
    {
        var seeds = Templates.Value;
        FuzzRun.Sample(
            "template reader and lint",
            JsonMutation.Of(seeds.Length),
            input => CheckTemplate(JsonMutation.Apply(seeds[input.Seed], input.Mutations)),
            iterations: 1500,
            print: input => $"{Path.GetFileName(Directory.GetFiles(RepositoryFiles.Templates, "*.json").Order(StringComparer.Ordinal).ElementAt(input.Seed))}: {string.Join("; ", input.Mutations.Select(m => m.ToString()))}");
    }

    [Test]
    public void Every_mutated_process_is_answered_with_findings_that_name_a_field_or_a_line()
    {
        var seeds = Processes.Value;
        FuzzRun.Sample(
            "process reader and lint",
            JsonMutation.Of(seeds.Length),
            input => CheckProcess(JsonMutation.Apply(seeds[input.Seed], input.Mutations)),
            iterations: 1500,
            print: input => $"process {input.Seed}: {string.Join("; ", input.Mutations.Select(m => m.ToString()))}");
    }

    [Test]
    public void Every_mutated_notification_template_is_answered_with_problems_not_exceptions()
    {
        var seeds = Notifications.Value;
        FuzzRun.Sample(
            "notification template reader",
            JsonMutation.Of(seeds.Length),
            input =>
            {
                var text = JsonMutation.Apply(seeds[input.Seed], input.Mutations);
                var (template, problems) = FuzzRun.Bounded(() => NotificationTemplate.Load(text), () => text);
                Assert.That(template is not null || problems.Count > 0, Is.True, "a refused notification template says why");
                Assert.That(problems.All(p => p.Message.En.Length > 0 && p.Message.ZhCn.Length > 0 && p.Code.Length > 0), Is.True);
            },
            iterations: 800,
            print: input => $"notification {input.Seed}: {string.Join("; ", input.Mutations.Select(m => m.ToString()))}");
    }

    /// <summary>The shipped documents themselves, and inputs earlier runs found: each must pass as every generated one.</summary>
    [Test]
    public void The_seed_documents_and_the_kept_findings_are_answered_as_well()
    {
        foreach (var text in Templates.Value.Concat(KeptTemplateInputs))
        {
            CheckTemplate(text);
        }

        foreach (var text in Processes.Value.Concat(KeptProcessInputs))
        {
            CheckProcess(text);
        }

        Assert.That(Templates.Value.Select(t => FormTemplate.Load(t).Template).All(t => t is not null), Is.True, "the shipped templates load");
    }

    /// <summary>Found by the template property: an option text that is a list, not an object, was an ArgumentException of Json.NET.</summary>
    [Test]
    public void An_option_text_that_is_a_list_is_a_finding_at_its_field_not_an_exception()
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Templates, "idp.json")))!;
        document["fields"]!["career_track"]!["options"]!["expert"] = new System.Text.Json.Nodes.JsonArray("专家路线", "Expert");

        var result = FormTemplate.Load(document.ToJsonString());

        Assert.That(result.Template, Is.Null);
        Assert.That(result.Findings.Where(f => f.Severity == LintSeverity.Error).Select(f => f.Path), Does.Contain("$.fields.career_track.options.expert"));
    }

    /// <summary>
    /// Found by the notification property: a lone surrogate char (text made in code, not decoded from bytes) passed the
    /// document check and System.Text.Json threw on it. Every reader now refuses it at its line and column.
    /// </summary>
    [Test]
    public void A_lone_surrogate_character_in_a_document_is_refused_at_its_line_and_column_by_every_reader()
    {
        var text = "{\n  \"key\": \"x\uD800\"\n}";

        var problem = FormFlow.Documents.DocumentReader.Check(text);
        var (notification, problems) = NotificationTemplate.Load(text);
        var template = FormTemplate.Load(text);
        var process = ProcessReader.Read(text);

        Assert.Multiple(() =>
        {
            Assert.That((problem?.Code, problem?.Line, problem?.Column), Is.EqualTo(("json.unpaired-surrogate", 2, 12)));
            Assert.That(notification, Is.Null);
            Assert.That(problems.Select(p => (p.Code, p.Line, p.Column)), Is.EqualTo(new[] { ("json.unpaired-surrogate", (int?)2, (int?)12) }));
            Assert.That(template.Findings.Select(f => (f.Code, f.Line)), Is.EqualTo(new[] { ("json.unpaired-surrogate", (int?)2) }));
            Assert.That(process.Findings.Select(f => (f.Code, f.Line)), Is.EqualTo(new[] { ("json.unpaired-surrogate", (int?)2) }));
            Assert.That(FormFlow.Documents.DocumentReader.Check("{\"key\": \"好的👍\"}"), Is.Null, "a pair is a character");
        });
    }

    /// <summary>
    /// Found by the process property (FORMFLOW_LONG=10): a whole number past a long where the reader wants a count
    /// (Json.NET reads it as a BigInteger) was an OverflowException.
    /// </summary>
    [TestCase("feedback-360.json", "steps/collect/complete")]
    [TestCase("kpi-quarterly.json", "steps/checkpoint/count")]
    public void A_whole_number_too_large_for_any_count_is_a_finding_at_its_field_not_an_exception(string file, string path)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", file)))!;
        JsonEdits.Set(document, path, System.Text.Json.Nodes.JsonValue.Create("@huge@"));
        var text = document.ToJsonString().Replace("\"@huge@\"", "123456789012345678901234567890", StringComparison.Ordinal);

        var read = ProcessReader.Read(text);

        Assert.That(read.Process, Is.Null);
        Assert.That(read.Findings.Where(f => f.Severity == LintSeverity.Error).Select(f => f.Path), Does.Contain("$." + path.Replace('/', '.')));
    }

    /// <summary>Inputs a run of the properties above once failed on, kept so that the defect stays fixed.</summary>
    private static readonly string[] KeptTemplateInputs =
    [
    ];

    private static readonly string[] KeptProcessInputs =
    [
    ];

    private static void CheckTemplate(string text)
    {
        var result = FuzzRun.Bounded(() => FormTemplate.Load(text), () => text);
        if (result.Template is null)
        {
            Assert.That(result.HasErrors, Is.True, "a template refused without an error");
        }
        else
        {
            // What it compiled validates anything without throwing: an empty submission, the document itself.
            FuzzRun.Bounded(() => result.Template.Validate("{}"), () => text);
            FuzzRun.Bounded(() => result.Template.Validate(text), () => text);
        }

        AssertNamed(result.Findings, text);
    }

    private static void CheckProcess(string text)
    {
        var findings = FuzzRun.Bounded(() => ProcessLint.Check(text, TemplatesByKey.Value), () => text);
        var read = ProcessReader.Read(text);
        Assert.That(read.Process is not null || read.HasErrors, Is.True, "a process refused without an error");
        AssertNamed(findings, text);
    }

    private static void AssertNamed(IEnumerable<LintFinding> findings, string text)
    {
        foreach (var finding in findings)
        {
            Assert.That(
                finding.Code.Length > 0 && finding.Path.StartsWith('$') && finding.Message.En.Length > 0 && finding.Message.ZhCn.Length > 0 &&
                (finding.Line is null or > 0) && (finding.Column is null or > 0) && (finding.Line is not null || finding.Path != "$"),
                Is.True,
                $"a finding that names neither a field nor a line, or says nothing: {finding} in {Shorten(text)}");
        }
    }

    private static string Shorten(string text) => text.Length > 2000 ? text[..2000] + "…" : text;

    private static string[] Texts(string folder) =>
        [.. Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText)];
}
