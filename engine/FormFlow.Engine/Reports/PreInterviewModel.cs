using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Notifications;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Workflows;
using Scriban.Runtime;

namespace FormFlow.Reports;

using static FormFlow.Reports.FormValues;

/// <summary>A goal of the self-review: what it was, what came of it, and the employee's rating of it (1 to 5).</summary>
internal sealed record GoalLine(string Goal, string Result, int? SelfRating);

/// <summary>
/// A KPI of a quarterly KPI setting and, once the manager recorded the quarter's results, its actual value and note,
/// with the completion in percent (null unless both the target and the actual are numbers that allow it).
/// </summary>
internal sealed record KpiLine(string Name, string Definition, string Target, string Unit, int? Weight, string Direction, string Actual, int? Completion, string Note)
{
    /// <summary>
    /// Actual ÷ target for higher-is-better, target ÷ actual for lower-is-better, in whole percent (half away from
    /// zero); null when either is missing or the divisor is zero, because a made-up figure would mislead the interview.
    /// </summary>
    public static int? CompletionOf(double? target, double? actual, bool lowerIsBetter)
    {
        if (target is not { } t || actual is not { } a)
        {
            return null;
        }

        var (numerator, denominator) = lowerIsBetter ? (t, a) : (a, t);
        return denominator == 0 ? null : (int)Math.Round(numerator / denominator * 100, MidpointRounding.AwayFromZero);
    }
}

/// <summary>A goal as a monthly check-in reported it.</summary>
internal sealed record CheckInGoal(string Goal, int? Progress, string Status);

/// <summary>
/// Where an action of the last improvement plan stood as a monthly check-in reported it: <c>done</c>,
/// <c>in-progress</c> or <c>not-started</c> (the key), and the status worded.
/// </summary>
internal sealed record PlanActionStatus(string Action, string Status, string StatusText);

/// <summary>
/// The manager's mark on one goal of a check-in they followed up: the goal as written, the mark (<c>on-track</c>,
/// <c>at-risk</c>, <c>off-track</c>, <c>done</c>) and the mark worded, and the note.
/// </summary>
internal sealed record ActionMark(string Goal, string Status, string StatusText, string Note);

/// <summary>One monthly check-in (a response of a recurring step), newest first in the model.</summary>
internal sealed record CheckInLine(string Month, IReadOnlyList<CheckInGoal> Goals, IReadOnlyList<PlanActionStatus> PlanActions, string Blockers, string NextFocus, string ManagerComment)
{
    /// <summary>The manager's marks on the goals when they followed the check-in up (empty until then).</summary>
    public IReadOnlyList<ActionMark> ActionMarks { get; init; } = [];

    /// <summary>A check-in of the monthly-check-in template, worded in <paramref name="language"/>.</summary>
    public static CheckInLine From(JsonObject data, string language) => new(
        Text(data["month"]),
        [.. Items(data["goals"]).Select(g => new CheckInGoal(Text(g["goal"]), Int(g["progress_pct"]), GoalStatusName(Text(g["status"]), language)))],
        [.. Items(data["plan_actions"]).Select(a => new PlanActionStatus(Text(a["action"]), Text(a["status"]), ActionStatusName(Text(a["status"]), language)))],
        Text(data["blockers"]),
        Text(data["next_month_focus"]),
        Text(data["manager_comment"]))
    {
        ActionMarks = [.. Items(data["action_marks"]).Select(m => new ActionMark(Text(m["goal"]), Text(m["status"]), MarkName(Text(m["status"]), language), Text(m["note"])))],
    };

    /// <summary>A manager's mark worded: the goal statuses, and done (已完成).</summary>
    public static string MarkName(string status, string language) => (status, language == "en") switch
    {
        ("done", true) => "done",
        ("done", false) => "已完成",
        _ => GoalStatusName(status, language),
    };

    /// <summary>Whether a check-in's data is one of the monthly-check-in template (the shape, whichever process asked for it).</summary>
    public static bool IsCheckIn(JsonObject data) => data["month"] is JsonValue && data["goals"] is JsonArray;

    public static string GoalStatusName(string status, string language) => (status, language == "en") switch
    {
        ("on-track", true) => "on track",
        ("at-risk", true) => "at risk",
        ("off-track", true) => "off track",
        ("on-track", false) => "正常",
        ("at-risk", false) => "有风险",
        ("off-track", false) => "偏离",
        _ => status,
    };

    public static string ActionStatusName(string status, string language) => (status, language == "en") switch
    {
        ("done", true) => "done",
        ("in-progress", true) => "in progress",
        ("not-started", true) => "not started",
        ("", true) => "not reported",
        ("done", false) => "已完成",
        ("in-progress", false) => "进行中",
        ("not-started", false) => "未开始",
        ("", false) => "未反馈",
        _ => status,
    };
}

/// <summary>
/// An action of last review's improvement plan, and where it stood by the newest check-in that reported it
/// (<see cref="Status"/> empty and <see cref="ReportedIn"/> empty when none did).
/// </summary>
internal sealed record PlanLine(string Goal, string Actions, string Due, string Status, string StatusText, string ReportedIn);

/// <summary>
/// An entry of the feedback log (BEST: behaviour, effect, suggestion, thanks/trust): when it happened (China Standard
/// Time), praise or improvement worded, and whether the manager shared it with the employee.
/// </summary>
internal sealed record FeedbackLogLine(string At, string Kind, string RelatedGoal, string Behavior, string Effect, string Suggestion, string ThanksTrust, bool Shared)
{
    /// <summary>The moment of the event, for ordering; the minimum when the entry holds none.</summary>
    public DateTimeOffset Moment { get; init; }

    public static FeedbackLogLine From(JsonObject data, string language)
    {
        var en = language == "en";
        var moment = DateTimeOffset.TryParse(Text(data["event_at"]), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : DateTimeOffset.MinValue;
        return new FeedbackLogLine(
            moment == DateTimeOffset.MinValue ? string.Empty : moment.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            (Text(data["kind"]), en) switch
            {
                ("praise", true) => "praise",
                ("improvement", true) => "suggestion for improvement",
                ("praise", false) => "表扬",
                ("improvement", false) => "改进建议",
                (var other, _) => other,
            },
            Text(data["related_goal"]),
            Text(data["behavior"]),
            Text(data["effect"]),
            Text(data["suggestion"]),
            Text(data["thanks_trust"]),
            Bool(data["visible_to_employee"]) ?? true)
        {
            Moment = moment,
        };
    }
}

/// <summary>A strength of the manager's preparation: a result and the behaviour behind it. Both empty: a prompt still to answer.</summary>
internal sealed record PromptLine(string Result, string Behavior);

/// <summary>A gap of the manager's preparation: a concrete event and its impact. Both empty: a prompt still to answer.</summary>
internal sealed record GapLine(string Event, string Impact);

/// <summary>A support action of the manager's preparation: what, who sees to it, by when (as written). All empty: a prompt still to answer.</summary>
internal sealed record SupportLine(string Action, string Owner, string Due);

/// <summary>
/// The model of the pre-interview analysis report a manager reads before the interview with one employee (seed
/// 002), in one language: the self-review of the employee's current annual review, the KPIs of the newest quarterly
/// KPI setting, the three newest check-ins, the five newest feedback-log entries, the rating and plan of the previous
/// annual review with where each plan action stands by the check-ins, the anonymous aggregate of the newest 360-degree
/// round, and the three strengths, three gaps and three support actions (the manager's preparation when written,
/// else three empty prompts each). See docs/reports.md for the members as a template sees them.
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
    IReadOnlyList<FeedbackLogLine> Feedback,
    int? LastRating,
    string LastSummary,
    IReadOnlyList<PlanLine> LastPlan,
    FeedbackAggregate? Feedback360,
    IReadOnlyList<PromptLine> Strengths,
    IReadOnlyList<GapLine> Gaps,
    IReadOnlyList<SupportLine> SupportActions,
    IReadOnlyList<KpiWarningLine>? KpiWarnings = null)
{
    private const string AnnualReview = "annual-review";
    private const string KpiQuarterly = "kpi-quarterly";
    private const string FeedbackLog = "feedback-log";
    private const int CheckInsShown = 3;
    private const int FeedbackShown = 5;

    /// <summary>
    /// The report about <paramref name="employeeId"/> for <paramref name="readerId"/>, in <paramref name="locale"/>'s
    /// language, built from the instances as the reader sees them (<see cref="SeenInstance"/>): what the processes do not
    /// let the reader read stays empty. Null when no such person or no annual review of theirs the reader sees exists.
    /// </summary>
    public static async Task<PreInterviewModel?> BuildAsync(Database database, TimeProvider clock, string employeeId, string readerId, string locale, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var language = NotificationTemplate.LanguageOf(locale);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var person = await OrganisationStore.FindPersonAsync(work, employeeId);
        if (person is null)
        {
            return null;
        }

        var instances = await SeenInstance.ReadAsync(work, [employeeId], readerId, readerId, clock.GetUtcNow());
        var reviews = instances.Where(i => i.Row.ProcessKey == AnnualReview).ToList();
        if (reviews.Count == 0)
        {
            return null;
        }

        var current = reviews.LastOrDefault(i => i.Row.Status == InstanceStatus.Running) ?? reviews[^1];
        var self = current.Details.Forms["self"] as JsonObject;
        var prep = current.Details.Forms["prep"] as JsonObject;
        var last = reviews.Where(i => i.Row.CreatedAt <= current.Row.CreatedAt && i.Row.Id != current.Row.Id)
            .Select(i => i.Details.Forms["record"] as JsonObject)
            .LastOrDefault(r => Int(r?["overall_rating"]) is not null);
        // The newest setting whose results were recorded, so that the interview talks about a finished quarter;
        // else the newest setting, its actuals still empty.
        var settings = instances.Where(i => i.Row.ProcessKey == KpiQuarterly)
            .Select(i => i.Details.Forms["kpi"] as JsonObject)
            .Where(f => f?["kpis"] is JsonArray)
            .ToList();
        var kpi = settings.LastOrDefault(f => Items(f?["results"]).Any()) ?? settings.LastOrDefault();

        // Check-ins of every instance of the employee the reader reads (a review's recurring step), the newest first.
        var allCheckIns = instances
            .SelectMany(i => i.Details.Answers.Select(a => a.Value).OfType<JsonArray>().SelectMany(a => a.OfType<JsonObject>()))
            .Where(r => r["data"] is JsonObject data && CheckInLine.IsCheckIn(data))
            .OrderByDescending(r => Text(r["data"]!["month"]), StringComparer.Ordinal)
            .ThenByDescending(r => (long?)r["at"] ?? 0)
            .Select(r => CheckInLine.From(r["data"]!.AsObject(), language))
            .ToList();

        // The feedback-log entries the reader reads: the manager who wrote them, shared with the employee or not.
        var feedback = instances.Where(i => i.Row.ProcessKey == FeedbackLog)
            .Select(i => i.Details.Forms["entry"])
            .OfType<JsonObject>()
            .Select(e => FeedbackLogLine.From(e, language))
            .OrderByDescending(e => e.Moment)
            .Take(FeedbackShown)
            .ToList();

        var feedback360 = await Feedback360Async(work, instances, language);
        var department = person.DepartmentId is { } departmentId ? await OrganisationStore.FindDepartmentAsync(work, departmentId) : null;
        var manager = await OrganisationStore.ManagerOfAsync(work, employeeId);
        var cycle = current.Row.CycleId is { } cycleId ? await CycleStore.FindAsync(work, cycleId) : null;
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
            KpisOf(kpi, language),
            [.. allCheckIns.Take(CheckInsShown)],
            feedback,
            Int(last?["overall_rating"]),
            Text(last?["manager_summary"]),
            [.. Items(last?["plan"]).Select(p => Planned(p, allCheckIns, language))],
            feedback360,
            Prompts(prep?["strengths"], p => new PromptLine(Text(p["result"]), Text(p["behavior"])), new PromptLine(string.Empty, string.Empty)),
            Prompts(prep?["gaps"], g => new GapLine(Text(g["event"]), Text(g["impact"])), new GapLine(string.Empty, string.Empty)),
            Prompts(prep?["support_actions"], a => new SupportLine(Text(a["action"]), Text(a["owner"]), Text(a["due_date"])), new SupportLine(string.Empty, string.Empty, string.Empty)),
            await KpiWarningLine.OpenAsync(work, employeeId, language));
    }

    /// <summary>
    /// The 360-degree feedback of the employee's newest round whose answers are in (an anonymous for-each step that
    /// has ended), else of the newest round still collecting them, as the reader reads it; null when no round reached
    /// its answers. The aggregate is what <see cref="Visibility.Answers"/> gives the reader: never who answered.
    /// </summary>
    private static async Task<FeedbackAggregate?> Feedback360Async(UnitOfWork work, IReadOnlyList<SeenInstance> oldestFirst, string language)
    {
        FeedbackAggregate? collecting = null;
        foreach (var instance in oldestFirst.Reverse())
        {
            foreach (var step in instance.Process.Steps.Values.OfType<ForEachStep>().Where(s => s.Anonymous))
            {
                if (instance.Details.Answers[step.Id] is not JsonObject answers)
                {
                    continue;
                }

                var template = await ProcessCatalog.FormAsync(work, instance.Process, step.Task.Form);
                var aggregate = FeedbackAggregate.From(answers, template, language);
                if (!aggregate.Pending)
                {
                    return aggregate;
                }

                collecting ??= aggregate;
            }
        }

        return collecting;
    }

    /// <summary>
    /// The KPIs of a kpi-setting form, directions worded in <paramref name="language"/>, each with the result recorded
    /// under its name (names compared trimmed: the form's rules keep them unique and naming an indicator).
    /// </summary>
    public static List<KpiLine> KpisOf(JsonObject? form, string language)
    {
        var results = Items(form?["results"]).GroupBy(r => Text(r["name"]).Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return [.. Items(form?["kpis"]).Select(k =>
        {
            var lowerIsBetter = Text(k["direction"]) == "lower-better";
            var result = results.GetValueOrDefault(Text(k["name"]).Trim());
            return new KpiLine(
                Text(k["name"]),
                Text(k["definition"]),
                Text(k["target"]),
                Text(k["unit"]),
                Int(k["weight"]),
                lowerIsBetter ? (language == "en" ? "lower is better" : "越低越好") : (language == "en" ? "higher is better" : "越高越好"),
                Number(result?["actual"]) is null ? string.Empty : Text(result!["actual"]),
                KpiLine.CompletionOf(Number(k["target"]), Number(result?["actual"]), lowerIsBetter),
                Text(result?["note"]));
        })];
    }

    /// <summary>A KPI as a template sees it (shared by the pre-interview and the history report).</summary>
    public static ScriptObject KpiObject(KpiLine k) => new()
    {
        ["name"] = k.Name, ["definition"] = k.Definition, ["target"] = k.Target, ["unit"] = k.Unit, ["weight"] = k.Weight, ["direction"] = k.Direction,
        ["actual"] = k.Actual, ["completion"] = k.Completion, ["note"] = k.Note,
    };

    /// <summary>A feedback-log entry as a template sees it (shared by the pre-interview and the history report).</summary>
    public static ScriptObject FeedbackObject(FeedbackLogLine f) => new()
    {
        ["at"] = f.At, ["kind"] = f.Kind, ["related_goal"] = f.RelatedGoal, ["behavior"] = f.Behavior, ["effect"] = f.Effect,
        ["suggestion"] = f.Suggestion, ["thanks_trust"] = f.ThanksTrust, ["shared"] = f.Shared,
    };

    /// <summary>A check-in as a template sees it (shared by the pre-interview and the history report).</summary>
    public static ScriptObject CheckInObject(CheckInLine c) => new()
    {
        ["month"] = c.Month,
        ["goals"] = ReportArrays.Of(c.Goals, g => new ScriptObject { ["goal"] = g.Goal, ["progress"] = g.Progress, ["status"] = g.Status }),
        ["plan_actions"] = ReportArrays.Of(c.PlanActions, a => new ScriptObject { ["action"] = a.Action, ["status"] = a.Status, ["status_text"] = a.StatusText }),
        ["blockers"] = c.Blockers,
        ["next_focus"] = c.NextFocus,
        ["manager_comment"] = c.ManagerComment,
        ["action_marks"] = ReportArrays.Of(c.ActionMarks, m => new ScriptObject { ["goal"] = m.Goal, ["status"] = m.Status, ["status_text"] = m.StatusText, ["note"] = m.Note }),
    };

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
                ["items"] = Array(Kpis, KpiObject),
                ["has_results"] = Kpis.Any(k => k.Actual.Length > 0),
                ["warnings"] = Array(KpiWarnings ?? [], KpiWarningLine.ToScriptObject),
            },
            ["check_ins"] = Array(CheckIns, CheckInObject),
            ["last_review"] = new ScriptObject
            {
                ["rating"] = LastRating,
                ["summary"] = LastSummary,
                ["plan"] = Array(LastPlan, p => new ScriptObject
                {
                    ["goal"] = p.Goal, ["actions"] = p.Actions, ["due"] = p.Due, ["status"] = p.Status, ["status_text"] = p.StatusText, ["reported_in"] = p.ReportedIn,
                }),
            },
            ["feedback"] = Array(Feedback, FeedbackObject),
            ["feedback_360"] = Feedback360?.ToScriptObject(),
            ["strengths"] = Array(Strengths, p => new ScriptObject { ["result"] = p.Result, ["behavior"] = p.Behavior }),
            ["gaps"] = Array(Gaps, g => new ScriptObject { ["event"] = g.Event, ["impact"] = g.Impact }),
            ["support_actions"] = Array(SupportActions, a => new ScriptObject { ["action"] = a.Action, ["owner"] = a.Owner, ["due"] = a.Due }),
        };
    }

    // A plan item and where the newest check-in that names it (by the item's goal or its action steps, as written)
    // says it stands: the check-in form lets the employee report each action of the last plan.
    private static PlanLine Planned(JsonObject item, IReadOnlyList<CheckInLine> newestFirst, string language)
    {
        var (goal, actions) = (Text(item["goal"]), Text(item["action_steps"]));
        bool Names(PlanActionStatus a) =>
            string.Equals(a.Action.Trim(), goal.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(a.Action.Trim(), actions.Trim(), StringComparison.OrdinalIgnoreCase);
        var reported = newestFirst.Select(c => (c.Month, Action: c.PlanActions.FirstOrDefault(Names))).FirstOrDefault(c => c.Action is not null);
        var status = reported.Action?.Status ?? string.Empty;
        return new PlanLine(goal, actions, Text(item["time_node"]), status, CheckInLine.ActionStatusName(status, language), reported.Month ?? string.Empty);
    }

    // The manager's three of each when prepared; three empty prompts to answer in the interview otherwise.
    private static List<T> Prompts<T>(JsonNode? written, Func<JsonObject, T> line, T prompt)
    {
        var lines = Items(written).Select(line).ToList();
        while (lines.Count < 3)
        {
            lines.Add(prompt);
        }

        return lines;
    }
}
