using System.Text.Json.Nodes;
using FormFlow.Cycles;
using FormFlow.Storage;
using FormFlow.Workflows;
using Microsoft.Extensions.Time.Testing;

namespace FormFlow.Tests.Reports;

/// <summary>
/// An app an HRBP could build from new definitions only — the process <c>growth-talk</c> and the templates
/// <c>talk-goals</c>, <c>talk-self</c>, <c>talk-prep</c>, <c>talk-record</c>, <c>talk-plan</c> in this folder — whose
/// keys and field names are none of the shipped ones: what the reports know of it is the roles its templates give
/// (<c>score</c> the rating, <c>my_score</c> and <c>aims[].mark</c> the self-rating, <c>wins</c>/<c>misses</c>/<c>help</c>
/// the strengths, gaps and support, <c>steps[].what</c>/<c>.by</c>/<c>.state</c> the plan's action, due date and status,
/// <c>targets</c> the KPIs).
/// It runs on the organisation of the runtime suite (<see cref="Tests.Organisation.SmallOrg"/>): 刘洋 (P5) is the
/// subject, 张伟 (P4) their manager.
/// </summary>
internal sealed class NewApp(Database database, FakeTimeProvider clock, ProcessRuntime runtime)
{
    public const string Process = "growth-talk";
    public const string Subject = "P5";
    public const string Manager = "P4";

    /// <summary>The cycle of last year's talk, run to its end, and of this year's, waiting at the talk.</summary>
    public const string LastCycle = "growth-2026";
    public const string ThisCycle = "growth-2027";

    public const int LastScore = 4;
    public const int LastSelfScore = 3;
    public const int SelfScore = 5;
    public const int AimMark = 4;
    public const string LastGist = "稳步成长，客户口碑好";
    public const string Aim = "把客户回访做成习惯";
    public const string Win = "三个大客户续约";
    public const string WinWhy = "每周主动同步交付进度";
    public const string Miss = "十月的发布延误了一周";
    public const string MissCost = "客户验收推迟";
    public const string Help = "安排一次谈判技巧培训";
    public const string HelpWho = "张伟";
    public const string HelpWhen = "2027-02-28";
    public const string Step = "每周和客户同步一次进度";
    public const string StepBy = "2027-03-31";
    public const string StepState = "moving";
    public const string Measure = "客户回访率";
    public const string MeasureLevel = "不低于 90%";

    private static string Folder => Path.Combine(RepositoryFiles.Root, "tests", "FormFlow.Engine.Tests", "Reports", "NewApp");

    /// <summary>Publishes the app's templates and its process the way the host publishes definition files.</summary>
    public async Task PublishAsync()
    {
        static Dictionary<string, string> Files(params string[] names) =>
            names.ToDictionary(n => n + ".json", n => File.ReadAllText(Path.Combine(Folder, n + ".json")), StringComparer.Ordinal);

        var published = await DefinitionPublishing.PublishChangedAsync(
            database,
            Files("talk-goals", "talk-self", "talk-prep", "talk-record", "talk-plan"),
            Files(Process),
            "P6",
            clock);
        Assert.That(published.Select(p => p.Outcome), Has.All.EqualTo(PublishOutcome.Published), () =>
            string.Join("; ", published.SelectMany(p => p.Findings.Select(f => $"{p.Source}: {f.Code} {f.Path} {f.Message.En}"))));
    }

    /// <summary>
    /// Publishes the app, runs last year's talk of 刘洋 in its cycle to the end (measures, look back, preparation, the
    /// talk rated <see cref="LastScore"/>, the next steps), and launches this year's, written up to the manager's
    /// preparation: it waits at the talk. Returns the two instances' ids, last year's first.
    /// </summary>
    public async Task<(string Last, string This)> RunAsync()
    {
        await PublishAsync();

        var last = await LaunchAsync(LastCycle, "2026 成长对话");
        await SubmitAsync(Manager, "set-measures", new JsonObject { ["targets"] = new JsonArray(new JsonObject { ["title"] = Measure, ["level"] = MeasureLevel }) });
        await SubmitAsync(Subject, "look-back", new JsonObject
        {
            ["aims"] = new JsonArray(new JsonObject { ["aim"] = "熟悉产品线", ["outcome"] = "完成", ["mark"] = LastSelfScore }),
            ["my_score"] = LastSelfScore,
        });
        await SubmitAsync(Manager, "get-ready", new JsonObject { ["wins"] = new JsonArray(new JsonObject { ["fact"] = "上手快" }) });
        await SubmitAsync(Manager, "talk", new JsonObject { ["gist"] = LastGist, ["score"] = LastScore });
        await SubmitAsync(Manager, "next-steps", new JsonObject
        {
            ["steps"] = new JsonArray(new JsonObject { ["what"] = Step, ["by"] = StepBy, ["state"] = StepState }),
        });

        clock.Advance(TimeSpan.FromDays(30));
        var current = await LaunchAsync(ThisCycle, "2027 成长对话");
        await SubmitAsync(Manager, "set-measures", new JsonObject { ["targets"] = new JsonArray(new JsonObject { ["title"] = Measure, ["level"] = MeasureLevel }) });
        await SubmitAsync(Subject, "look-back", new JsonObject
        {
            ["aims"] = new JsonArray(new JsonObject { ["aim"] = Aim, ["outcome"] = "每月回访全部客户", ["mark"] = AimMark }),
            ["story"] = "这一年学会了倾听",
            ["my_score"] = SelfScore,
        });
        await SubmitAsync(Manager, "get-ready", new JsonObject
        {
            ["wins"] = new JsonArray(new JsonObject { ["fact"] = Win, ["why"] = WinWhy }),
            ["misses"] = new JsonArray(new JsonObject { ["moment"] = Miss, ["cost"] = MissCost }),
            ["help"] = new JsonArray(new JsonObject { ["offer"] = Help, ["who"] = HelpWho, ["when"] = HelpWhen }),
        });
        return (last, current);
    }

    private async Task<string> LaunchAsync(string cycle, string name)
    {
        var now = clock.GetUtcNow();
        var launched = await CycleLauncher.LaunchAsync(database, clock, new CycleRequest(cycle, name, Process, now, now.AddDays(60), Population.People(Subject), "P6"));
        Assert.That(launched.Started, Is.EqualTo(1), launched.Summary.En);
        await using var work = await UnitOfWork.BeginReadAsync(database);
        return (await TaskStore.OpenForAsync(work, Manager)).Single(t => t.Step == "set-measures").InstanceId;
    }

    private async Task SubmitAsync(string person, string step, JsonObject data)
    {
        TaskRow task;
        await using (var work = await UnitOfWork.BeginReadAsync(database))
        {
            task = (await TaskStore.OpenForAsync(work, person)).Single(t => t.Step == step);
        }

        var result = await runtime.SubmitAsync(task.Id, person, data);
        Assert.That(result.Status, Is.EqualTo(CommandStatus.Done), () => $"{step}: " + string.Join("; ", result.Problems.Select(p => $"{p.Pointer} {p.Code} {p.Message.En}")));
    }
}
