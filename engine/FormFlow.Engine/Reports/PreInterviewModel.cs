using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Notifications;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Workflows;
using FormFlow.Templates;
using Scriban.Runtime;

namespace FormFlow.Reports;

using static FormFlow.Reports.FormValues;

/// <summary>A text of a form with its label in the reader's language: what a report shows of a field that has no role.</summary>
internal sealed record LabelledText(string Label, string Text)
{
    public static ScriptArray ToScriptArray(IEnumerable<LabelledText> texts) => ReportArrays.Of(texts, t => new ScriptObject { ["label"] = t.Label, ["text"] = t.Text });
}

/// <summary>A goal of the self-review: what it was, what came of it, and the employee's rating of it (1 to 5).</summary>
internal sealed record GoalLine(string Goal, string Result, int? SelfRating)
{
    /// <summary>The item's written texts with their labels, in the template's order: how a template words an item of any form.</summary>
    public IReadOnlyList<LabelledText> Parts { get; init; } = [];
}

/// <summary>
/// A KPI of a quarterly KPI setting and, once the manager recorded the quarter's results, its actual value and note,
/// with the completion in percent (null unless both the target and the actual are numbers that allow it).
/// </summary>
internal sealed record KpiLine(string Name, string Definition, string Target, string Unit, int? Weight, string Direction, string Actual, int? Completion, string Note)
{
    /// <summary>The indicator's written texts with their labels, in the template's order.</summary>
    public IReadOnlyList<LabelledText> Parts { get; init; } = [];

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
internal sealed record PlanLine(string Goal, string Actions, string Due, string Status, string StatusText, string ReportedIn)
{
    /// <summary>The item's written texts with their labels, in the template's order: how a template words an item of any form.</summary>
    public IReadOnlyList<LabelledText> Parts { get; init; } = [];
}

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
internal sealed record PromptLine(string Result, string Behavior)
{
    /// <summary>The item's written texts with their labels, in the template's order: how a template words an item of any form.</summary>
    public IReadOnlyList<LabelledText> Parts { get; init; } = [];
}

/// <summary>A gap of the manager's preparation: a concrete event and its impact. Both empty: a prompt still to answer.</summary>
internal sealed record GapLine(string Event, string Impact)
{
    /// <summary>The item's written texts with their labels, in the template's order: how a template words an item of any form.</summary>
    public IReadOnlyList<LabelledText> Parts { get; init; } = [];
}

/// <summary>A support action of the manager's preparation: what, who sees to it, by when (as written). All empty: a prompt still to answer.</summary>
internal sealed record SupportLine(string Action, string Owner, string Due)
{
    /// <summary>The item's written texts with their labels, in the template's order: how a template words an item of any form.</summary>
    public IReadOnlyList<LabelledText> Parts { get; init; } = [];
}

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
    /// <summary>The template of the feedback log: its entries have no role, so the shipped template's key finds them.</summary>
    internal const string FeedbackLogTemplate = "feedback-log";
    private const int CheckInsShown = 3;
    private const int FeedbackShown = 5;

    /// <summary>
    /// The report about <paramref name="employeeId"/> for <paramref name="readerId"/>, in <paramref name="locale"/>'s
    /// language, built from the instances as the reader sees them (<see cref="SeenInstance"/>): what the processes do not
    /// let the reader read stays empty. Everything is found by what the templates' fields mean (<see cref="RoledForms"/>),
    /// never by a process key: the reviews are the subject's instances whose process carries the rating. Null when no
    /// such person or no review of theirs the reader sees exists.
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
        var roled = new List<(SeenInstance Instance, RoledForms Forms)>();
        foreach (var instance in instances)
        {
            roled.Add((instance, await RoledForms.OfAsync(work, instance)));
        }

        var reviews = roled.Where(r => r.Forms.Carries(FieldRoles.Rating)).ToList();
        if (reviews.Count == 0)
        {
            return null;
        }

        var runningAt = reviews.FindLastIndex(r => r.Instance.Row.Status == InstanceStatus.Running);
        var (current, now) = reviews[runningAt >= 0 ? runningAt : reviews.Count - 1];
        var selfForm = now.FormOf(FieldRoles.SelfRating);
        var self = selfForm is null ? null : now.Data(selfForm);
        var last = reviews.Where(r => r.Instance.Row.CreatedAt <= current.Row.CreatedAt && r.Instance.Row.Id != current.Row.Id)
            .Select(r => r.Forms)
            .LastOrDefault(r => r.Number(FieldRoles.Rating) is not null);

        // The newest indicators whose results were recorded, so that the interview talks about a finished period; else
        // the newest indicators, their actuals still empty.
        var settings = roled.Select(r => (Items: r.Forms.Items(FieldRoles.Kpi).ToList(), r.Forms))
            .Where(s => s.Items.Count > 0)
            .Select(s => new KpiSetting(s.Items, s.Forms.Data(s.Items[0].Form)))
            .ToList();
        var kpi = settings.LastOrDefault(s => Items(s.Form?[ResultsField]).Any()) ?? settings.LastOrDefault();

        // Check-ins of every instance of the employee the reader reads (a recurring step's responses of the check-in
        // shape), the newest first.
        var allCheckIns = instances
            .SelectMany(i => i.Details.Answers.Select(a => a.Value).OfType<JsonArray>().SelectMany(a => a.OfType<JsonObject>()))
            .Where(r => r["data"] is JsonObject data && CheckInLine.IsCheckIn(data))
            .OrderByDescending(r => Text(r["data"]!["month"]), StringComparer.Ordinal)
            .ThenByDescending(r => (long?)r["at"] ?? 0)
            .Select(r => CheckInLine.From(r["data"]!.AsObject(), language))
            .ToList();

        // The feedback-log entries the reader reads, of whichever process holds a form of the feedback log: the manager
        // who wrote them, shared with the employee or not.
        var feedback = instances
            .SelectMany(i => i.Process.Forms.Where(f => f.Value.Template == FeedbackLogTemplate).Select(f => i.Details.Forms[f.Key]))
            .OfType<JsonObject>()
            .Select(e => FeedbackLogLine.From(e, language))
            .OrderByDescending(e => e.Moment)
            .Take(FeedbackShown)
            .ToList();

        var feedback360 = await Feedback360Async(work, instances, language);
        var department = person.DepartmentId is { } departmentId ? await OrganisationStore.FindDepartmentAsync(work, departmentId) : null;
        var manager = await OrganisationStore.ManagerOfAsync(work, employeeId);
        var cycle = current.Row.CycleId is { } cycleId ? await CycleStore.FindAsync(work, cycleId) : null;
        var lastRatingForm = last?.FormOf(FieldRoles.Rating);
        return new PreInterviewModel(
            language,
            person.Name.For(language),
            department?.Name.For(language) ?? string.Empty,
            manager?.Name.For(language) ?? string.Empty,
            cycle?.Name ?? string.Empty,
            self is not null,
            GoalsOf(now, language),
            now.Number(FieldRoles.SelfRating),
            Text(self?["highlights"]),
            Text(self?["difficulties"]),
            Text(self?["support_wanted"]),
            Text(self?["development_wishes"]),
            Text(kpi?.Form?["period"]),
            kpi is null ? [] : KpisOf(kpi.Indicators, kpi.Form, language),
            [.. allCheckIns.Take(CheckInsShown)],
            feedback,
            last?.Number(FieldRoles.Rating),
            lastRatingForm is null ? string.Empty : SummaryOf(last!, lastRatingForm, language),
            last is null ? [] : [.. PlanOf(last).Select(p => Planned(p, allCheckIns, language))],
            feedback360,
            Prompts(now, FieldRoles.Strengths, language, (t, parts) => new PromptLine(t(0), t(1)) { Parts = parts }, new PromptLine(string.Empty, string.Empty)),
            Prompts(now, FieldRoles.Gaps, language, (t, parts) => new GapLine(t(0), t(1)) { Parts = parts }, new GapLine(string.Empty, string.Empty)),
            Prompts(now, FieldRoles.Support, language, (t, parts) => new SupportLine(t(0), t(1), t(2)) { Parts = parts }, new SupportLine(string.Empty, string.Empty, string.Empty)),
            await KpiWarningLine.OpenAsync(work, employeeId, language))
        {
            SelfTexts = selfForm is null ? [] : Written(now.Fields(selfForm, language).Where(f => f.Role is null)),
            LastTexts = lastRatingForm is null ? [] : Written(last!.Fields(lastRatingForm, language).Where(f => f.Role is null)),
        };
    }

    /// <summary>The self-review's written one-value fields that have no role, each with its label, in the template's order.</summary>
    public IReadOnlyList<LabelledText> SelfTexts { get; init; } = [];

    /// <summary>The texts of the last review's rated form with no role (its summary among them), each with its label.</summary>
    public IReadOnlyList<LabelledText> LastTexts { get; init; } = [];

    // The indicators of one form (the items under the kpi role) and the form's data.
    private sealed record KpiSetting(IReadOnlyList<RoledValue> Indicators, JsonObject? Form);

    /// <summary>The recorded results of a KPI setting beside its indicators: no role marks them, the indicator form's shape does.</summary>
    private const string ResultsField = "results";

    /// <summary>The goals the employee rated themselves on: each list item holding a self-rating, its first two texts the goal and the result.</summary>
    internal static List<GoalLine> GoalsOf(RoledForms forms, string language) =>
        [.. forms.Values(FieldRoles.SelfRating).Where(v => v.Item is not null).Select(v =>
        {
            var texts = RoledForms.Fields(v, language).Where(f => f.Role is null).ToList();
            return new GoalLine(Nth(texts, 0), Nth(texts, 1), Int(v.Value)) { Parts = Written(texts) };
        })];

    /// <summary>
    /// The summary of a rated form: its first field holding one value that has no role (the manager's summary beside the
    /// rating of the shipped interview record), whatever it is called.
    /// </summary>
    internal static string SummaryOf(RoledForms forms, string form, string language) =>
        forms.Fields(form, language).FirstOrDefault(f => f.Role is null)?.Text ?? string.Empty;

    /// <summary>
    /// The plan agreed at a review: the plan actions of the form holding the rating when it has any (the interview
    /// record's plan), else every plan action of the review (a plan form of its own).
    /// </summary>
    internal static List<RoledValue> PlanOf(RoledForms review)
    {
        var rated = review.FormOf(FieldRoles.Rating);
        var actions = review.Values(FieldRoles.PlanAction).ToList();
        var agreed = actions.Where(a => a.Form == rated).ToList();
        return agreed.Count > 0 ? agreed : actions;
    }

    /// <summary>The written fields among <paramref name="fields"/>, as labelled texts.</summary>
    internal static List<LabelledText> Written(IEnumerable<FormField> fields) =>
        [.. fields.Where(f => f.Text.Length > 0).Select(f => new LabelledText(f.Label, f.Text))];

    private static string Nth(IReadOnlyList<FormField> fields, int n) => n < fields.Count ? fields[n].Text : string.Empty;

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
    /// The KPIs of a form, held under the kpi role (<paramref name="indicators"/>, the items of its indicator list), their
    /// directions worded in <paramref name="language"/>, each with the result recorded under its name in the form's
    /// results (names compared trimmed). An indicator is read by the words of the indicator library (name, definition,
    /// target, unit, weight, direction), which no role names; an indicator list of other words has its first text as
    /// the name, and every written text with its label in <see cref="KpiLine.Parts"/>.
    /// </summary>
    public static List<KpiLine> KpisOf(IReadOnlyList<RoledValue> indicators, JsonObject? form, string language)
    {
        var results = Items(form?[ResultsField]).GroupBy(r => Text(r["name"]).Trim(), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return [.. indicators.Where(v => v.Item is not null).Select(v =>
        {
            var k = v.Item!;
            var fields = RoledForms.Fields(v, language);
            var name = k.ContainsKey("name") ? Text(k["name"]) : Nth(fields, 0);
            var lowerIsBetter = Text(k["direction"]) == "lower-better";
            var result = results.GetValueOrDefault(name.Trim());
            return new KpiLine(
                name,
                Text(k["definition"]),
                Text(k["target"]),
                Text(k["unit"]),
                Int(k["weight"]),
                lowerIsBetter ? (language == "en" ? "lower is better" : "越低越好") : (language == "en" ? "higher is better" : "越高越好"),
                Number(result?["actual"]) is null ? string.Empty : Text(result!["actual"]),
                KpiLine.CompletionOf(Number(k["target"]), Number(result?["actual"]), lowerIsBetter),
                Text(result?["note"]))
            {
                Parts = Written(fields),
            };
        })];
    }

    /// <summary>A KPI as a template sees it (shared by the pre-interview and the history report).</summary>
    public static ScriptObject KpiObject(KpiLine k) => new()
    {
        ["name"] = k.Name, ["definition"] = k.Definition, ["target"] = k.Target, ["unit"] = k.Unit, ["weight"] = k.Weight, ["direction"] = k.Direction,
        ["actual"] = k.Actual, ["completion"] = k.Completion, ["note"] = k.Note, ["parts"] = LabelledText.ToScriptArray(k.Parts),
    };

    /// <summary>A self-rated goal as a template sees it (shared by the pre-interview and the history report).</summary>
    public static ScriptObject GoalObject(GoalLine g) => new()
    {
        ["goal"] = g.Goal, ["result"] = g.Result, ["self_rating"] = g.SelfRating, ["parts"] = LabelledText.ToScriptArray(g.Parts),
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
                ["goals"] = Array(Goals, GoalObject),
                ["overall_rating"] = SelfRating,
                ["highlights"] = Highlights,
                ["difficulties"] = Difficulties,
                ["support_wanted"] = SupportWanted,
                ["development_wishes"] = DevelopmentWishes,
                ["texts"] = LabelledText.ToScriptArray(SelfTexts),
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
                ["texts"] = LabelledText.ToScriptArray(LastTexts),
                ["plan"] = Array(LastPlan, p => new ScriptObject
                {
                    ["goal"] = p.Goal, ["actions"] = p.Actions, ["due"] = p.Due, ["status"] = p.Status, ["status_text"] = p.StatusText, ["reported_in"] = p.ReportedIn,
                    ["parts"] = LabelledText.ToScriptArray(p.Parts),
                }),
            },
            ["feedback"] = Array(Feedback, FeedbackObject),
            ["feedback_360"] = Feedback360?.ToScriptObject(),
            ["strengths"] = Array(Strengths, p => new ScriptObject { ["result"] = p.Result, ["behavior"] = p.Behavior, ["parts"] = LabelledText.ToScriptArray(p.Parts) }),
            ["gaps"] = Array(Gaps, g => new ScriptObject { ["event"] = g.Event, ["impact"] = g.Impact, ["parts"] = LabelledText.ToScriptArray(g.Parts) }),
            ["support_actions"] = Array(SupportActions, a => new ScriptObject { ["action"] = a.Action, ["owner"] = a.Owner, ["due"] = a.Due, ["parts"] = LabelledText.ToScriptArray(a.Parts) }),
        };
    }

    // A plan's action and where the newest check-in that names it (by the item's first text without a role — the goal
    // of the interview record's plan — or the action, as written) says it stands: the check-in form lets the employee
    // report each action of the last plan. Not reported by a check-in, it stands where the plan's own status says.
    private static PlanLine Planned(RoledValue action, IReadOnlyList<CheckInLine> newestFirst, string language)
    {
        var fields = RoledForms.Fields(action, language);
        var (goal, actions) = (fields.FirstOrDefault(f => f.Role is null)?.Text ?? string.Empty, Text(action.Value));
        bool Names(PlanActionStatus a) =>
            (goal.Length > 0 && string.Equals(a.Action.Trim(), goal.Trim(), StringComparison.OrdinalIgnoreCase)) || string.Equals(a.Action.Trim(), actions.Trim(), StringComparison.OrdinalIgnoreCase);
        var reported = newestFirst.Select(c => (c.Month, Action: c.PlanActions.FirstOrDefault(Names))).FirstOrDefault(c => c.Action is not null);
        var status = reported.Action?.Status ?? RoledForms.Beside(action, FieldRoles.PlanStatus);
        return new PlanLine(goal, actions, RoledForms.Beside(action, FieldRoles.PlanDue), status, CheckInLine.ActionStatusName(status, language), reported.Month ?? string.Empty)
        {
            Parts = Written(fields),
        };
    }

    // The items of the current review held under a role (the manager's preparation: strengths, gaps, support), each
    // worded by its texts in the template's order; three empty prompts to answer in the interview when not written.
    // A role on a single text field gives one item of that text.
    private static List<T> Prompts<T>(RoledForms forms, string role, string language, Func<Func<int, string>, IReadOnlyList<LabelledText>, T> line, T prompt)
    {
        var lines = new List<T>();
        foreach (var value in forms.Values(role))
        {
            if (value.Value is JsonArray list)
            {
                foreach (var item in list.OfType<JsonObject>())
                {
                    var fields = RoledForms.Fields(value with { Value = item, Item = item }, language);
                    lines.Add(line(n => Nth(fields, n), Written(fields)));
                }
            }
            else if (value.Value is JsonValue && Text(value.Value) is { Length: > 0 } text)
            {
                lines.Add(line(n => n == 0 ? text : string.Empty, [new LabelledText(value.Template.LabelOf(value.Path)?.For(language) ?? value.Path, text)]));
            }
        }

        while (lines.Count < 3)
        {
            lines.Add(prompt);
        }

        return lines;
    }
}
