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

    [Test]
    public void Lint_of_the_shipped_templates_finds_no_error_and_exits_0()
    {
        var (exit, output) = Formflow(RepositoryFiles.Root, "lint", "templates/", "--lang", "en");

        Assert.That(output, Does.EndWith("9 template(s) checked: 0 error(s), 0 warning(s)\n"));
        Assert.That(exit, Is.Zero);
    }

    [Test]
    public void Lint_of_the_shipped_processes_checks_them_against_the_shipped_templates_and_exits_0()
    {
        var (exit, output) = Formflow(RepositoryFiles.Root, "lint", "samples/processes", "--lang", "en");

        Assert.That(output, Does.EndWith("0 template(s) and 5 process(es) checked: 0 error(s), 0 warning(s)\n"));
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
    public void Migrate_creates_the_embedded_database_and_a_second_run_changes_nothing()
    {
        var first = Formflow(workDir, "migrate", "--lang", "en");
        var second = Formflow(workDir, "migrate", "--lang", "en");

        Assert.That(first, Is.EqualTo((0, "Applied 8 migration(s): 0001_initial, 0002_cycle_members, 0003_revisions_without_task_key, 0004_people_level, 0005_notification_preferences, 0006_cycle_closing_notice, 0007_idempotency_keys, 0008_schedule_reads\n")));
        Assert.That(second, Is.EqualTo((0, "The database is up to date\n")));
        Assert.That(File.Exists(Path.Combine(workDir, "data", "formflow.db")), Is.True);
    }

    [Test]
    public void Migrate_of_an_unreachable_server_says_why_and_exits_2()
    {
        var (exit, output) = Formflow(workDir, "migrate", "--database", "PostgreSql", "--connection", "Host=127.0.0.1;Port=1;Username=x;Timeout=2", "--lang", "en");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Does.StartWith("Could not migrate the database:"));
    }
}
