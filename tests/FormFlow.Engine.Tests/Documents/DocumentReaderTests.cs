using FormFlow.Documents;
using FormFlow.Notifications;
using FormFlow.Processes;
using FormFlow.Reports;
using FormFlow.Templates;

namespace FormFlow.Tests.Documents;

/// <summary>
/// The one reader of documents: strict JSON within one set of limits, and the same code and zh-CN/en message, naming
/// the line and column, whichever kind of document it reads.
/// </summary>
public class DocumentReaderTests
{
    private static readonly string Template = new TemplateBuilder().Build();

    // The template builder's document with text put before its title.
    private static string TemplateWith(string beforeTitle)
    {
        var title = Template.IndexOf("\"title\"", StringComparison.Ordinal);
        return Template[..title] + beforeTitle + Template[title..];
    }

    private static string Nested(int levels) =>
        "{ \"a\": " + string.Concat(Enumerable.Repeat("[", levels - 1)) + string.Concat(Enumerable.Repeat("]", levels - 1)) + " }";

    [TestCase("{ \"a\": 1, // why\n  \"b\": 2 }", 1, 11, "JSON does not allow comments")]
    [TestCase("{ \"a\": 1,\n  /* why */ \"b\": 2 }", 2, 3, "JSON does not allow comments")]
    [TestCase("{ \"a\": [1, 2,],\n  \"b\": 2 }", 1, 14, "no comma after the last item")]
    [TestCase("{ \"a\": 1,\n  \"b\": 2,\n}", 3, 1, "no comma after the last item")]
    [TestCase("{ 'a': 1 }", 1, 3, "double quotes")]
    [TestCase("{ \"a\": 1 }\n{ \"b\": 2 }", 2, 1, "more text after the end")]
    [TestCase("{ \"a\": [1, 2", 1, 13, "ends too early")]
    [TestCase("  \n ", 2, 2, "the document is empty")]
    [TestCase("{ \"a\": tru }", 1, 8, "not valid JSON")]
    public void Text_that_is_not_strict_json_is_refused_naming_the_line_and_column(string text, int line, int column, string reason)
    {
        var problem = DocumentReader.Check(text)!;

        Assert.That(problem.Code, Is.EqualTo("json.syntax"));
        Assert.That((problem.Line, problem.Column), Is.EqualTo(((int?)line, (int?)column)));
        Assert.That(problem.Message.En, Does.StartWith($"Line {line}, column {column}: ").And.Contain(reason));
        Assert.That(problem.Message.ZhCn, Does.StartWith($"第 {line} 行第 {column} 列："));
    }

    [Test]
    public void Columns_count_characters_not_bytes()
    {
        var problem = DocumentReader.Check("{ \"名称\": \"绩效\", // 注释\n}")!;

        Assert.That((problem.Line, problem.Column), Is.EqualTo(((int?)1, (int?)15)));
    }

    [Test]
    public void A_key_twice_in_one_object_is_refused_with_its_name_and_place()
    {
        var problem = DocumentReader.Check("{\n  \"a\": { \"b\": 1 },\n  \"c\": { \"b\": 2, \"b\": 3 }\n}")!;

        Assert.That(problem.Code, Is.EqualTo("json.duplicate-key"));
        Assert.That((problem.Line, problem.Column), Is.EqualTo(((int?)3, (int?)18)));
        Assert.That(problem.Message.En, Is.EqualTo("Line 3, column 18: the key \"b\" appears twice in the same object"));
        Assert.That(problem.Message.ZhCn, Is.EqualTo("第 3 行第 18 列：同一对象中出现了重复的键「b」"));
    }

    [Test]
    public void Nesting_is_read_to_the_limit_and_refused_one_level_beyond_with_its_own_message()
    {
        var problem = DocumentReader.Check(Nested(DocumentReader.MaxDepth + 1))!;

        Assert.That(DocumentReader.Check(Nested(DocumentReader.MaxDepth)), Is.Null);
        Assert.That(problem.Code, Is.EqualTo("json.too-deep"));
        Assert.That(problem.Message.En, Is.EqualTo("Line 1, column 71: the document is nested more than 64 levels deep"));
        Assert.That(problem.Message.ZhCn, Is.EqualTo("第 1 行第 71 列：嵌套超过了 64 层"));
    }

    [Test]
    public void A_document_is_read_up_to_one_megabyte_and_refused_beyond()
    {
        var full = "\"" + new string('x', DocumentReader.MaxBytes - 2) + "\"";
        var over = "\"" + new string('x', DocumentReader.MaxBytes - 4) + "绩\"";

        Assert.That(DocumentReader.Check(full), Is.Null);
        Assert.That(DocumentReader.Check(over), Is.EqualTo(DocumentReader.TooLarge));
        Assert.That(DocumentReader.TooLarge.Code, Is.EqualTo("json.too-large"));
        Assert.That(DocumentReader.TooLarge.Message.En, Is.EqualTo("The document is over the limit of 1,048,576 bytes (1 MB)"));
    }

    [TestCase("{ \"a\": 1, // c\n \"b\": 2 }")]
    [TestCase("{ \"a\": 1, \"a\": 2 }")]
    [TestCase("{ \"a\": [1,] }")]
    public void No_message_carries_english_text_into_chinese(string text)
    {
        Assert.That(DocumentReader.Check(text)!.Message.ZhCn, Does.Not.Match("[A-Za-z]+ [A-Za-z]+"));
    }

    private static IEnumerable<TestCaseData> Unreadable()
    {
        yield return new TestCaseData(TemplateWith("// a note\n  "), "json.syntax").SetName("{m}(a comment)");
        yield return new TestCaseData(Template.TrimEnd().TrimEnd('}').TrimEnd() + ",\n}", "json.syntax").SetName("{m}(a trailing comma)");
        yield return new TestCaseData(TemplateWith("\"key\": \"again\", "), "json.duplicate-key").SetName("{m}(a key twice)");
        yield return new TestCaseData(TemplateWith("\"description\": " + Nested(70)[7..^2] + ", "), "json.too-deep").SetName("{m}(too deep)");
        yield return new TestCaseData(TemplateWith("\"description\": \"" + new string('x', 15 * 1024 * 1024) + "\", "), "json.too-large").SetName("{m}(15 MB)");
    }

    [TestCaseSource(nameof(Unreadable))]
    public void Every_kind_of_document_refuses_a_text_alike(string text, string code)
    {
        var expected = DocumentReader.Check(text)!;

        var template = FormTemplate.Load(text).Findings.Single();
        var process = ProcessLint.Check(text, new Dictionary<string, FormTemplate>()).Single();
        var notification = NotificationCatalog.Check(text).Problems.Single();
        var report = ReportCatalog.Check(text).Problems.Single();
        var data = FormTemplate.Load(Template).Template!.Validate(text).Problems.Single();

        Assert.That(expected.Code, Is.EqualTo(code));
        Assert.That(new[] { template.Code, process.Code, notification.Code, report.Code, data.Code }, Has.All.EqualTo(code));
        Assert.That(new[] { template.Message, process.Message, notification.Message, report.Message, data.Message }, Has.All.EqualTo(expected.Message));
        Assert.That((template.Line, template.Column), Is.EqualTo((expected.Line, expected.Column)));
    }
}
