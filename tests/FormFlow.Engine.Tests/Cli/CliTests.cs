using System.Diagnostics;
using System.Text.Json;
using Snapshooter.NUnit;

namespace FormFlow.Tests.Cli;

/// <summary>The formflow command as a person runs it: a real process, its output and its exit code.</summary>
public class CliTests
{
    private string workDir = null!;

    [SetUp]
    public void CreateWorkDir()
    {
        workDir = Directory.CreateTempSubdirectory("formflow-cli-").FullName;
    }

    [TearDown]
    public void RemoveWorkDir() => Directory.Delete(workDir, recursive: true);

    private static (int ExitCode, string Output) Formflow(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "formflow.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(workDir, name);
        File.WriteAllText(path, text);
        return path;
    }

    // The test template with text put on the lines after its opening brace.
    private static string TemplateStartingWith(string text) => "{\n" + text + new TemplateBuilder().Build()[2..];

    [Test]
    public void Lint_of_the_shipped_templates_finds_no_error_and_exits_0()
    {
        var (exit, output) = Formflow(RepositoryFiles.Root, "lint", "templates/", "--lang", "en");

        Assert.That(output, Does.EndWith("10 template(s) checked: 0 error(s), 0 warning(s)\n"));
        Assert.That(exit, Is.Zero);
    }

    [Test]
    public void Lint_of_the_shipped_processes_checks_them_against_the_shipped_templates_and_exits_0()
    {
        var (exit, output) = Formflow(RepositoryFiles.Root, "lint", "samples/processes", "--lang", "en");

        Assert.That(output, Does.EndWith("0 template(s) and 7 process(es) checked: 0 error(s), 0 warning(s)\n"));
        Assert.That(exit, Is.Zero);
    }

    [Test]
    public void Lint_of_a_process_naming_a_section_its_template_lacks_names_the_place_and_exits_1()
    {
        Write("process.json", File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "feedback-360.json")).Replace("\"write\": [\"answer\"]", "\"write\": [\"answers\"]", StringComparison.Ordinal));

        var (exit, output) = Formflow(workDir, "lint", "process.json", "--templates", Path.Combine(RepositoryFiles.Root, "templates"), "--lang", "en");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("error process.unknown-section at $.steps.collect.write[0]"));
    }

    [Test]
    public void Lint_reports_a_broken_template_readably_and_exits_1()
    {
        Write("broken.json", new TemplateBuilder()
            .With("rules/0/assert", "form.action_cout >= 1")
            .Without("fields/comment/label/en")
            .Build());

        var (exit, output) = Formflow(workDir, "lint", "broken.json", "--lang", "en");

        Assert.That(exit, Is.EqualTo(1));
        Snapshot.Match(output);
    }

    [Test]
    public void Lint_json_output_is_data_with_both_languages()
    {
        Write("broken.json", new TemplateBuilder().With("sections/0/fields/1", "ghost").Build());

        var (exit, output) = Formflow(workDir, "lint", ".", "--json");

        using var report = JsonDocument.Parse(output);
        var finding = report.RootElement.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("code").GetString() == "section.unknown-field");
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(finding.GetProperty("path").GetString(), Is.EqualTo("$.sections[0].fields[1]"));
        Assert.That(finding.GetProperty("line").GetInt32(), Is.GreaterThan(0));
        Assert.That(finding.GetProperty("message").GetProperty("zh-CN").GetString(), Does.Contain("ghost"));
        Assert.That(finding.GetProperty("message").GetProperty("en").GetString(), Does.Contain("ghost"));
    }

    [Test]
    public void Lint_of_a_missing_path_says_so_and_exits_2()
    {
        var (exit, output) = Formflow(workDir, "lint", "nowhere", "--lang", "en");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Does.Contain("No such file or folder: nowhere"));
    }

    [Test]
    public void Validate_lists_every_problem_and_exits_1()
    {
        var template = Write("mini.json", new TemplateBuilder().Build());
        var data = Write("data.json", """{ "rating": 0, "comment": 5, "actions": [ { "what": "复盘" }, { "what": "", "due": "2026-02-30" } ], "mood": "ok" }""");

        var (exit, output) = Formflow(workDir, "validate", template, data);

        Assert.That(exit, Is.EqualTo(1));
        Snapshot.Match(output);
    }

    [Test]
    public void Validate_of_valid_data_prints_the_data_with_computed_fields_and_exits_0()
    {
        var template = Write("mini.json", new TemplateBuilder().Build());
        var data = Write("data.json", """{ "rating": 2, "actions": [ { "what": "复盘", "due": "2026-12-01" } ], "action_count": 99 }""");

        var (exit, output) = Formflow(workDir, "validate", template, data, "--json");

        using var report = JsonDocument.Parse(output);
        Assert.That(exit, Is.Zero);
        Assert.That(report.RootElement.GetProperty("valid").GetBoolean(), Is.True);
        Assert.That(report.RootElement.GetProperty("data").GetProperty("action_count").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public void Validate_of_data_with_a_lone_surrogate_names_the_field_and_exits_1()
    {
        var template = Write("mini.json", new TemplateBuilder().Build());
        var data = Write("data.json", """{ "rating": 3, "comment": "好的\ud83d" }""");

        var (exit, output) = Formflow(workDir, "validate", template, data, "--json");

        using var report = JsonDocument.Parse(output);
        var problem = report.RootElement.GetProperty("problems")[0];
        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That((problem.GetProperty("pointer").GetString(), problem.GetProperty("code").GetString()), Is.EqualTo(("/comment", "json.unpaired-surrogate")));
    }

    [Test]
    public void Lint_of_a_template_with_a_lone_surrogate_reports_it_and_exits_1()
    {
        Write("mini.json", new TemplateBuilder().Build().Replace("\"Mini review\"", "\"Mini \\udc4d review\"", StringComparison.Ordinal));

        var (exit, output) = Formflow(workDir, "lint", ".", "--json");

        Assert.That(exit, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("json.unpaired-surrogate").And.Contain("$.title.en"));
    }

    [Test]
    public void Validate_with_a_broken_template_refuses_and_exits_2()
    {
        var template = Write("mini.json", new TemplateBuilder().Without("title").Build());
        var data = Write("data.json", "{}");

        var (exit, output) = Formflow(workDir, "validate", template, data, "--lang", "en");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Does.Contain("formflow lint"));
    }

    [Test]
    public void Lint_of_a_folder_without_templates_says_so_and_exits_2()
    {
        Directory.CreateDirectory(Path.Combine(workDir, "examples"));
        Write(Path.Combine("examples", "valid.json"), """{ "data": {}, "expected": [] }""");

        var (exit, output) = Formflow(workDir, "lint", ".", "--lang", "en");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Does.Contain("No template"));
    }

    [Test]
    public void Lint_refuses_a_comment_in_a_template_as_the_server_does_and_exits_1()
    {
        Write("commented.json", TemplateStartingWith("  // a note\n"));

        var (exit, output) = Formflow(workDir, "lint", "commented.json", "--lang", "en");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.StartWith("commented.json(2,3): error json.syntax at $: Line 2, column 3: JSON does not allow comments (// or /* */)\n"));
    }

    [Test]
    public void Lint_reads_a_process_with_a_trailing_comma_as_any_document_and_exits_1()
    {
        var process = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", "processes", "feedback-360.json")).TrimEnd();
        Write("process.json", process[..process.LastIndexOf('}')].TrimEnd() + ",\n}\n");

        var (exit, output) = Formflow(workDir, "lint", "process.json", "--templates", Path.Combine(RepositoryFiles.Root, "templates"), "--lang", "en");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("error json.syntax at $: ").And.Contain("there must be no comma after the last item"));
    }

    [Test]
    public void Lint_of_a_template_nested_too_deep_says_so_in_chinese_without_english()
    {
        var deep = string.Concat(Enumerable.Repeat("[", 80)) + string.Concat(Enumerable.Repeat("]", 80));
        Write("deep.json", TemplateStartingWith("  \"description\": " + deep + ",\n"));

        var (exit, output) = Formflow(workDir, "lint", "deep.json");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.StartWith("deep.json(2,81): error json.too-deep at $: 第 2 行第 81 列：嵌套超过了 64 层\n"));
        Assert.That(output, Does.Not.Match("[A-Za-z]+ [A-Za-z]+ [A-Za-z]+"));
    }

    [Test]
    public void Lint_of_a_15_MB_template_refuses_it_as_too_large_and_exits_1()
    {
        Write("huge.json", TemplateStartingWith("  \"description\": \"" + new string('x', 15 * 1024 * 1024) + "\",\n"));

        var (exit, output) = Formflow(workDir, "lint", "huge.json", "--lang", "en");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.StartWith("huge.json: error json.too-large at $: The document is over the limit of 1,048,576 bytes (1 MB)\n"));
    }

    [Test]
    public void Lint_json_of_a_missing_path_is_json_and_exits_2()
    {
        var (exit, output) = Formflow(workDir, "lint", "nowhere", "--json");

        using var report = JsonDocument.Parse(output);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(report.RootElement.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("file.not-found"));
        Assert.That(report.RootElement.GetProperty("error").GetProperty("message").GetProperty("en").GetString(), Is.EqualTo("No such file or folder: nowhere"));
    }

    [Test]
    public void Validate_of_a_shipped_example_says_its_problems_are_the_expected_ones_and_exits_0()
    {
        var (exit, output) = Formflow(RepositoryFiles.Root, "validate", "templates/kpi-setting.json", "templates/examples/kpi-setting/invalid-weights-sum-90.json");

        Assert.That(exit, Is.Zero);
        Snapshot.Match(output);
    }

    [Test]
    public void Validate_of_a_valid_shipped_example_says_so_and_exits_0()
    {
        var (exit, output) = Formflow(RepositoryFiles.Root, "validate", "templates/self-review.json", "templates/examples/self-review/valid-annual-rating-5.json", "--lang", "en");

        Assert.That(exit, Is.Zero);
        Assert.That(output, Is.EqualTo("The data is valid\nAs the example expects\n"));
    }

    [Test]
    public void Validate_of_an_example_expecting_other_problems_names_the_difference_and_exits_1()
    {
        var template = Write("mini.json", new TemplateBuilder().Build());
        var example = Write("example.json", """{ "description": "a low rating without actions", "data": { "rating": 1 }, "expected": [ { "pointer": "/comment", "code": "required" } ] }""");

        var (exit, output) = Formflow(workDir, "validate", template, example, "--lang", "en");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.EndWith("Not as the example expects: expected but not found: /comment required; found but not expected: /actions rule.action-when-low-rating\n"));
    }

    [Test]
    public void Validate_json_of_an_example_carries_the_comparison()
    {
        var template = Write("mini.json", new TemplateBuilder().Build());
        var example = Write("example.json", """{ "description": "a low rating without actions", "data": { "rating": 1 }, "expected": [ { "pointer": "/actions", "code": "rule.action-when-low-rating" } ] }""");

        var (exit, output) = Formflow(workDir, "validate", template, example, "--json");

        using var report = JsonDocument.Parse(output);
        var comparison = report.RootElement.GetProperty("example");
        Assert.That(exit, Is.Zero);
        Assert.That(report.RootElement.GetProperty("valid").GetBoolean(), Is.False);
        Assert.That(comparison.GetProperty("matches").GetBoolean(), Is.True);
        Assert.That(comparison.GetProperty("description").GetString(), Is.EqualTo("a low rating without actions"));
        Assert.That((comparison.GetProperty("missing").GetArrayLength(), comparison.GetProperty("unexpected").GetArrayLength()), Is.EqualTo((0, 0)));
    }

    [TestCase("[ { \"rating\": 3 } ]", TestName = "Validate_of_a_file_that_is_not_an_object_says_what_it_wants_and_exits_2")]
    [TestCase("{ \"data\": { \"rating\": 3 }, \"expected\": \"valid\" }", TestName = "Validate_of_an_example_of_the_wrong_shape_says_what_it_wants_and_exits_2")]
    public void Validate_of_a_file_neither_data_nor_an_example_says_what_it_wants_and_exits_2(string text)
    {
        var template = Write("mini.json", new TemplateBuilder().Build());
        var data = Write("data.json", text);

        var (exit, output) = Formflow(workDir, "validate", template, data, "--lang", "en");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Does.StartWith("The data file must be a JSON object: the form's data ({\"field\": value, …}), or an example ({\"description\": \"…\", \"data\": {the form's data}, \"expected\": [{\"pointer\": \"/field\", \"code\": \"…\"}]}"));
    }

    [Test]
    public void Validate_json_of_a_missing_file_is_json_and_exits_2()
    {
        var template = Write("mini.json", new TemplateBuilder().Build());

        var (exit, output) = Formflow(workDir, "validate", template, "missing.json", "--json");

        using var report = JsonDocument.Parse(output);
        var error = report.RootElement.GetProperty("error");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That((error.GetProperty("code").GetString(), error.GetProperty("file").GetString()), Is.EqualTo(("file.not-found", "missing.json")));
        Assert.That(error.GetProperty("message").GetProperty("zh-CN").GetString(), Is.EqualTo("找不到文件：missing.json"));
    }

    [Test]
    public void Validate_json_with_a_broken_template_is_json_with_its_findings_and_exits_2()
    {
        var template = Write("mini.json", new TemplateBuilder().Without("title").Build());
        var data = Write("data.json", "{}");

        var (exit, output) = Formflow(workDir, "validate", template, data, "--json");

        using var report = JsonDocument.Parse(output);
        var error = report.RootElement.GetProperty("error");
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error.GetProperty("code").GetString(), Is.EqualTo("template.has-errors"));
        Assert.That(error.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()), Does.Contain("text.missing-language"));
    }

    [TestCase("zh-CN", "第 1 行第 90 列：嵌套超过了 64 层")]
    [TestCase("en", "Line 1, column 90: the document is nested more than 64 levels deep")]
    public void Validate_of_data_nested_too_deep_says_so_in_the_chosen_language(string language, string message)
    {
        var template = Write("mini.json", new TemplateBuilder().Build());
        var data = Write("data.json", "{ \"rating\": 3, \"comment\": " + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + " }");

        var (exit, output) = Formflow(workDir, "validate", template, data, "--lang", language);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.StartWith($"/: json.too-deep: {message}\n"));
    }

    [Test]
    public void Formflow_without_a_command_says_so_shows_the_usage_and_exits_2()
    {
        var (exit, output) = Formflow(workDir);

        Assert.That(exit, Is.EqualTo(2));
        Snapshot.Match(output);
    }

    [Test]
    public void An_unknown_command_is_named_with_the_usage_and_exits_2()
    {
        var (exit, output) = Formflow(workDir, "check", "templates/", "--lang", "en");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Does.StartWith("Unknown command \"check\": the commands are lint, validate, migrate\n").And.Contain("Usage:"));
    }

    [Test]
    public void A_command_missing_its_arguments_names_them_with_its_usage_and_exits_2()
    {
        var (exit, output) = Formflow(workDir, "validate", "--lang", "en");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Does.StartWith("formflow validate is missing <template>, <data>\n").And.Contain("formflow validate <template> <data> [options]"));
    }

    [Test]
    public void A_usage_error_with_json_is_json_and_exits_2()
    {
        var (exit, output) = Formflow(workDir, "validate", "mini.json", "--json");

        using var report = JsonDocument.Parse(output);
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(report.RootElement.GetProperty("error").GetProperty("code").GetString(), Is.EqualTo("usage"));
    }

    [Test]
    public void Migrate_creates_the_embedded_database_and_a_second_run_changes_nothing()
    {
        var first = Formflow(workDir, "migrate", "--lang", "en");
        var second = Formflow(workDir, "migrate", "--lang", "en");

        Assert.That(first, Is.EqualTo((0, "Applied 24 migration(s): 0001_initial, 0002_cycle_members, 0003_revisions_without_task_key, 0004_people_level, 0005_notification_preferences, 0006_cycle_closing_notice, 0007_idempotency_keys, 0008_schedule_reads, 0009_process_owners, 0010_language_preference, 0011_people_hired_on, 0012_people_role_family, 0013_kpi_actuals, 0014_calibrations, 0015_list_indexes, 0016_organisation_list_order, 0017_department_closure, 0018_people_search, 0019_instances_newest_first, 0020_outbox_recipient, 0021_instance_counts, 0022_instance_counts_every_instance, 0023_ids_compared_bytewise, 0024_instance_order\n")));
        Assert.That(second, Is.EqualTo((0, "The database is up to date\n")));
        Assert.That(File.Exists(Path.Combine(workDir, "data", "formflow.db")), Is.True);
    }

    [Test]
    public void Migrate_of_an_unreachable_server_says_why_and_exits_2()
    {
        var (exit, output) = Formflow(workDir, "migrate", "--database", "PostgreSql", "--connection", "Host=127.0.0.1;Port=1;Username=x;Timeout=2", "--lang", "en");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Does.StartWith("Could not migrate the database: it could not be reached or refused the migration ("));
    }

    [Test]
    public void Migrate_of_an_unreachable_server_in_chinese_carries_no_english_driver_text()
    {
        var (exit, output) = Formflow(workDir, "migrate", "--database", "PostgreSql", "--connection", "Host=127.0.0.1;Port=1;Username=x;Timeout=2");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Is.EqualTo("无法迁移数据库：连接不上数据库，或数据库拒绝了迁移；请检查 --connection 中的服务器、端口、数据库名、用户名和密码。\n"));
    }
}
