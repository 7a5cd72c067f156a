using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Notifications;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Workflows;
using Scriban.Runtime;

namespace FormFlow.Reports;

/// <summary>A goal of the self-review: what it was, what came of it, and the employee's rating of it (1 to 5).</summary>
internal sealed record GoalLine(string Goal, string Result, int? SelfRating);

/// <summary>A KPI agreed in the employee's newest quarterly KPI setting.</summary>
internal sealed record KpiLine(string Name, string Definition, string Target, string Unit, int? Weight, string Direction);

/// <summary>A goal as a monthly check-in reported it.</summary>
internal sealed record CheckInGoal(string Goal, int? Progress, string Status);

/// <summary>One monthly check-in (a response of a recurring step), newest first in the model.</summary>
internal sealed record CheckInLine(string Month, IReadOnlyList<CheckInGoal> Goals, string Blockers, string NextFocus, string ManagerComment);

/// <summary>An action of last review's improvement plan.</summary>
internal sealed record PlanLine(string Goal, string Actions, string Due);

/// <summary>A strength or a gap: a result and the behaviour behind it. Both empty: a prompt still to answer.</summary>
internal sealed record PromptLine(string Result, string Behavior);

/// <summary>
/// The model of the pre-interview analysis report a manager reads before the interview with one employee (seed
/// 002), in one language: the self-review of the employee's current annual review, the KPIs of the newest quarterly
/// KPI setting, the three newest check-ins, the rating and plan of the previous annual review, and the three
/// strengths and three gaps (the manager's preparation when written, else three empty prompts each).
/// See docs/reports.md for the members as a template sees them.
/// </summary>
internal sealed record PreInterviewModel(
    string Language,
    string Employee,
    string Department,
    string Manager,
    string Cycle,
    bool SelfReviewWritten,
    IReadOnlyList<GoalLine> Goals,
    int? SelfRating,
    string Highlights,
    string Difficulties,
    string SupportWanted,
    string DevelopmentWishes,
    string KpiPeriod,
    IReadOnlyList<KpiLine> Kpis,
    IReadOnlyList<CheckInLine> CheckIns,
    int? LastRating,
    string LastSummary,
    IReadOnlyList<PlanLine> LastPlan,
    IReadOnlyList<PromptLine> Strengths,
    IReadOnlyList<PromptLine> Gaps)
{
    private const string AnnualReview = "annual-review";
    private const string KpiQuarterly = "kpi-quarterly";
    private const int CheckInsShown = 3;

    /// <summary>The report about <paramref name="employeeId"/>, in <paramref name="locale"/>'s language; null when no such person or no annual review of theirs exists.</summary>
    public static async Task<PreInterviewModel?> BuildAsync(Database database, string employeeId, string locale, CancellationToken cancellationToken = default)
    {
        var language = NotificationTemplate.LanguageOf(locale);
        await using var work = await UnitOfWork.BeginAsync(database, cancellationToken);
        var person = await OrganisationStore.FindPersonAsync(work, employeeId);
        if (person is null)
        {
            return null;
        }

        var instances = (await work.Connection.QueryAsync<InstanceRow>(
            """
            SELECT id AS Id, cycle_id AS CycleId, process_key AS ProcessKey, process_version AS ProcessVersion, subject_id AS SubjectId,
                   status AS Status, state AS State, version AS Version, created_at AS CreatedAt, updated_at AS UpdatedAt
            FROM process_instances WHERE subject_id = @Subject AND status <> 'cancelled'
            """,
            new { Subject = employeeId },
            work.Transaction)).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
        var reviews = instances.Where(i => i.ProcessKey == AnnualReview).ToList();
        if (reviews.Count == 0)
        {
            return null;
        }

        var current = reviews.LastOrDefault(i => i.Status == InstanceStatus.Running) ?? reviews[^1];
        var state = InstanceState.Parse(current.State);
        var self = state.Forms.GetValueOrDefault("self");
        var prep = state.Forms.GetValueOrDefault("prep");
        var last = reviews.Where(i => i.CreatedAt <= current.CreatedAt && i.Id != current.Id)
            .Select(i => InstanceState.Parse(i.State).Forms.GetValueOrDefault("record"))
            .LastOrDefault(r => Int(r?["overall_rating"]) is not null);
        var kpi = instances.Where(i => i.ProcessKey == KpiQuarterly)
            .Select(i => InstanceState.Parse(i.State).Forms.GetValueOrDefault("kpi"))
            .LastOrDefault(f => f?["kpis"] is JsonArray);

        // Check-ins of every instance of the employee (a review's recurring step), the newest first.
        var checkIns = instances
            .SelectMany(i => InstanceState.Parse(i.State).Responses.Values.SelectMany(r => r))
            .Where(r => r.Data["month"] is JsonValue && r.Data["goals"] is JsonArray)
            .OrderByDescending(r => Text(r.Data["month"]), StringComparer.Ordinal)
            .ThenByDescending(r => r.At)
            .Take(CheckInsShown)
            .Select(r => new CheckInLine(
                Text(r.Data["month"]),
                [.. Items(r.Data["goals"]).Select(g => new CheckInGoal(Text(g["goal"]), Int(g["progress_pct"]), StatusName(Text(g["status"]), language)))],
                Text(r.Data["blockers"]),
                Text(r.Data["next_month_focus"]),
                Text(r.Data["manager_comment"])))
            .ToList();

        var department = person.DepartmentId is { } departmentId ? await OrganisationStore.FindDepartmentAsync(work, departmentId) : null;
        var manager = await OrganisationStore.ManagerOfAsync(work, employeeId);
        var cycle = current.CycleId is { } cycleId ? await CycleStore.FindAsync(work, cycleId) : null;
        return new PreInterviewModel(
            language,
            person.Name.For(language),
            department?.Name.For(language) ?? string.Empty,
            manager?.Name.For(language) ?? string.Empty,
            cycle?.Name ?? string.Empty,
            self is not null,
            [.. Items(self?["goal_results"]).Select(g => new GoalLine(Text(g["goal"]), Text(g["result"]), Int(g["self_rating"])))],
            Int(self?["overall_rating"]),
            Text(self?["highlights"]),
            Text(self?["difficulties"]),
            Text(self?["support_wanted"]),
            Text(self?["development_wishes"]),
            Text(kpi?["period"]),
            [.. Items(kpi?["kpis"]).Select(k => new KpiLine(
                Text(k["name"]),
                Text(k["definition"]),
                Text(k["target"]),
                Text(k["unit"]),
                Int(k["weight"]),
                Text(k["direction"]) == "lower-better" ? (language == "en" ? "lower is better" : "越低越好") : (language == "en" ? "higher is better" : "越高越好")))],
            checkIns,
            Int(last?["overall_rating"]),
            Text(last?["manager_summary"]),
            [.. Items(last?["plan"]).Select(p => new PlanLine(Text(p["goal"]), Text(p["action_steps"]), Text(p["time_node"])))],
            Prompts(prep?["strengths"]),
            Prompts(prep?["gaps"]));
    }

    /// <summary>The members a template sees (snake_case, plain Scriban data).</summary>
    public ScriptObject ToScriptObject()
    {
        static ScriptArray Array<T>(IEnumerable<T> items, Func<T, ScriptObject> map)
        {
            var array = new ScriptArray();
            foreach (var item in items)
            {
                array.Add(map(item));
            }

            return array;
        }

        return new ScriptObject
        {
            ["language"] = Language,
            ["employee"] = new ScriptObject { ["name"] = Employee, ["department"] = Department, ["manager"] = Manager },
            ["cycle"] = new ScriptObject { ["name"] = Cycle },
            ["self_review"] = new ScriptObject
            {
                ["written"] = SelfReviewWritten,
                ["goals"] = Array(Goals, g => new ScriptObject { ["goal"] = g.Goal, ["result"] = g.Result, ["self_rating"] = g.SelfRating }),
                ["overall_rating"] = SelfRating,
                ["highlights"] = Highlights,
                ["difficulties"] = Difficulties,
                ["support_wanted"] = SupportWanted,
                ["development_wishes"] = DevelopmentWishes,
            },
            ["kpi"] = new ScriptObject
            {
                ["period"] = KpiPeriod,
                ["items"] = Array(Kpis, k => new ScriptObject { ["name"] = k.Name, ["definition"] = k.Definition, ["target"] = k.Target, ["unit"] = k.Unit, ["weight"] = k.Weight, ["direction"] = k.Direction }),
            },
            ["check_ins"] = Array(CheckIns, c => new ScriptObject
            {
                ["month"] = c.Month,
                ["goals"] = Array(c.Goals, g => new ScriptObject { ["goal"] = g.Goal, ["progress"] = g.Progress, ["status"] = g.Status }),
                ["blockers"] = c.Blockers,
                ["next_focus"] = c.NextFocus,
                ["manager_comment"] = c.ManagerComment,
            }),
            ["last_review"] = new ScriptObject
            {
                ["rating"] = LastRating,
                ["summary"] = LastSummary,
                ["plan"] = Array(LastPlan, p => new ScriptObject { ["goal"] = p.Goal, ["actions"] = p.Actions, ["due"] = p.Due }),
            },
            ["strengths"] = Array(Strengths, p => new ScriptObject { ["result"] = p.Result, ["behavior"] = p.Behavior }),
            ["gaps"] = Array(Gaps, p => new ScriptObject { ["result"] = p.Result, ["behavior"] = p.Behavior }),
        };
    }

    private static string StatusName(string status, string language) => (status, language == "en") switch
    {
        ("on-track", true) => "on track",
        ("at-risk", true) => "at risk",
        ("off-track", true) => "off track",
        ("on-track", false) => "正常",
        ("at-risk", false) => "有风险",
        ("off-track", false) => "偏离",
        _ => status,
    };

    // The manager's three of each when prepared; three empty prompts to answer in the interview otherwise.
    private static List<PromptLine> Prompts(JsonNode? written)
    {
        var lines = Items(written).Select(p => new PromptLine(Text(p["result"]), Text(p["behavior"]))).ToList();
        while (lines.Count < 3)
        {
            lines.Add(new PromptLine(string.Empty, string.Empty));
        }

        return lines;
    }

    private static IEnumerable<JsonObject> Items(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];

    private static string Text(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<string>(out var text) ? text : value.ToJsonString()
        : string.Empty;

    private static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number
        : node is JsonValue other && other.TryGetValue<double>(out var real) && real == Math.Floor(real) ? (int)real
        : null;
}
