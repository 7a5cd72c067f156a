using FormFlow.Notifications;
using FormFlow.Rendering;
using Microsoft.Extensions.Time.Testing;
using Scriban.Runtime;

namespace FormFlow.Tests.Notifications;

/// <summary>Templates written to hurt: each fails with a clear error at its line, quickly, and the server stays up.</summary>
public class HostileTemplateTests
{
    private static NotificationProblem Fails(string source)
    {
        var result = NotificationPreview.RenderText(source, NotificationTemplate.BodyPart, NotificationModel.Sample("zh-CN", "task.assigned"));
        Assert.That(result.Texts, Is.Empty, "nothing rendered");
        Assert.That(result.Problems, Has.Count.EqualTo(1));
        return result.Problems[0];
    }

    [Test]
    public void An_endless_loop_stops_at_the_iteration_limit()
    {
        var problem = Fails("{{ recipient.name }}\n{{ while true }}{{ end }}");

        Assert.That(problem.Message.En, Does.Contain("iteration limit"));
        Assert.That((problem.Line, problem.Column), Is.EqualTo((2, 4)));
    }

    [Test]
    public void Nested_loops_share_the_iteration_limit()
    {
        var problem = Fails("{{ for i in 1..1000\n  for j in 1..1000\n    k = i\n  end\nend }}");

        Assert.That(problem.Message.En, Does.Contain("iteration limit"));
        Assert.That(problem.Line, Is.EqualTo(2));
    }

    [Test]
    public void Deep_recursion_stops_at_the_recursion_limit()
    {
        var problem = Fails("{{ func down(n)\n  ret down(n + 1)\nend\ndown(1) }}");

        Assert.That(problem.Message.En, Does.Contain("recursive depth limit"));
        Assert.That(problem.Line, Is.EqualTo(2));
    }

    [Test]
    public void A_100_MB_output_is_stopped_at_the_size_limit_long_before()
    {
        var before = GC.GetTotalAllocatedBytes();

        var problem = Fails("{{ for i in 1..10000 }}{{ \"x\" | string.pad_left 10000 }}{{ end }}");

        Assert.That(problem.Message.En, Does.Contain($"longer than {RenderLimits.Notification.MaxOutputChars:N0} characters"));
        Assert.That(problem.Message.ZhCn, Does.Contain("输出超过"));
        Assert.That(problem.Line, Is.EqualTo(1));
        Assert.That(GC.GetTotalAllocatedBytes() - before, Is.LessThan(20_000_000), "stopped before the 100 MB were written");
    }

    [Test]
    public void One_huge_string_is_refused_before_it_is_made()
    {
        Assert.That(Fails("{{ \"x\" | string.pad_left 100000000 }}").Message.En, Does.Contain("exceeds the configured LimitToString"));
        Assert.That(Fails("{{ \"x\" * 100000000 }}").Message.En, Does.Contain("exceeds LimitToString"));
    }

    [Test]
    public void A_slow_template_is_stopped_by_the_time_limit_at_the_first_step_past_it()
    {
        // Each step of the template takes 100 ms on the limit's clock: the tenth reaches the limit of 1 s.
        var clock = new FakeTimeProvider();
        var steps = 0;
        var model = NotificationModel.Sample("zh-CN", "task.assigned").ToScriptObject();
        model.Import("slow_step", new Action(() =>
        {
            steps++;
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }));
        var (template, _) = TextTemplate.Parse("{{ recipient.name }}\n{{ for i in 1..1000\n  slow_step\nend }}");

        var result = template!.Render(model, RenderLimits.Notification with { Clock = clock });

        Assert.That(result.Text, Is.Null);
        Assert.That(result.Error!.Message, Is.EqualTo("rendering took longer than 1 s / 渲染超过 1 秒"));
        Assert.That(steps, Is.EqualTo(10));
    }

    [TestCase("{{ object.GetType }}", 1, 11)]
    [TestCase("{{ recipient.GetType }}", 1, 14)]
    [TestCase("{{ recipient.name.GetType }}", 1, 19)]
    [TestCase("{{ recipient.name.Length }}", 1, 19)]
    [TestCase("ok\n{{ comments.GetType }}", 2, 13)]
    public void Reflection_finds_no_member(string source, int line, int column)
    {
        var problem = Fails(source);

        Assert.That(problem.Message.En, Does.Contain("Cannot get member with name"));
        Assert.That((problem.Line, problem.Column), Is.EqualTo((line, column)));
    }

    [Test]
    public void Import_reaches_nothing_outside_the_model()
    {
        Assert.That(Fails("{{ import \"System.IO.File\" }}").Line, Is.EqualTo(1));
    }

    [Test]
    public void Evaluating_text_as_a_template_is_not_available()
    {
        Assert.That(Fails("{{ object.eval \"1 + 1\" }}").Message.En, Does.Contain("Cannot get member with name eval"));
    }

    [TestCase("{{ include \"secrets\" }}", "include")]
    [TestCase("line one\n{{ include \"../../etc/passwd\" }}", "include")]
    public void Include_is_refused_by_name(string source, string function)
    {
        var problem = Fails(source);

        Assert.That(problem.Message.En, Does.Contain($"`{function}` is not allowed"));
        Assert.That(problem.Message.ZhCn, Does.Contain($"模板中不能使用 `{function}`"));
        Assert.That(problem.Line, Is.EqualTo(source.Count(c => c == '\n') + 1));
    }

    [TestCase("{{ people[\"P4\"].name }}", "`people` was not found")]
    [TestCase("{{ employees }}", "`employees` was not found")]
    [TestCase("{{ subject.manager.email }}", "Cannot get member with name manager")]
    [TestCase("{{ recipient.email }}", "Cannot get member with name email")]
    [TestCase("{{ subject.salary }}", "Cannot get member with name salary")]
    public void Another_employees_data_is_not_in_the_model(string source, string error)
    {
        Assert.That(Fails(source).Message.En, Does.Contain(error));
    }

    [Test]
    public void The_model_holds_only_the_documented_members()
    {
        var model = NotificationModel.Sample("en", "task.overdue", copy: true).ToScriptObject();

        Assert.That(model.Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "alert", "comments", "copy_of", "cycle", "decision", "kpi", "meeting", "message", "process", "reason", "recipient", "recognition", "reminder", "subject", "task" }));
        Assert.That(((Scriban.Runtime.ScriptObject)model["kpi"]!).Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "direction", "indicator", "link", "threshold", "unit", "values" }));
        Assert.That(((Scriban.Runtime.ScriptObject)model["recognition"]!).Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "field", "rating", "value" }));
        Assert.That(((Scriban.Runtime.ScriptObject)model["reminder"]!).Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "date", "field", "item" }));
        Assert.That(((Scriban.Runtime.ScriptObject)model["subject"]!).Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "department", "name" }));
        Assert.That(((Scriban.Runtime.ScriptObject)model["recipient"]!).Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "locale", "name" }));
        Assert.That(((Scriban.Runtime.ScriptObject)model["meeting"]!).Keys.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "agenda", "at", "ends", "organizer", "place", "previous", "report_link" }));
    }

    [Test]
    public void A_syntax_error_names_its_line_and_column()
    {
        var problem = Fails("您好\n{{ for c in comments }}{{ c.body }}");

        Assert.That(problem.Code, Is.EqualTo("notification.syntax"));
        Assert.That((problem.Language, problem.Part, problem.Line), Is.EqualTo(("zh-CN", "body", 2)));
        Assert.That(problem.Message.ZhCn, Does.StartWith("zh-CN 正文第 2 行"));
    }
}
