using System.Text.Json.Nodes;
using FormFlow.Notifications;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Workflows;
using Scriban.Runtime;

namespace FormFlow.Reports;

using static FormFlow.Reports.FormValues;

/// <summary>A step an instance entered, on the day it did (China Standard Time).</summary>
internal sealed record TrailStep(string At, string Step);

/// <summary>The employee's self-review as they wrote it.</summary>
internal sealed record HistorySelfReview(string Period, IReadOnlyList<GoalLine> Goals, int? OverallRating, string RatingExplanation, string Highlights, string Difficulties, string SupportWanted, string DevelopmentWishes);

/// <summary>A project that went well: completion in percent, the key behaviour, the contribution to the team.</summary>
internal sealed record WentWellLine(string Project, int? Completion, string Behavior, string Contribution);

/// <summary>Something to improve: the concrete event, its impact, the employee's own shortfall.</summary>
internal sealed record ToImproveLine(string Event, string Impact, string Shortfall);

/// <summary>A feedback item in the BEST form: behaviour, effect, suggestion, thanks/trust.</summary>
internal sealed record BestLine(string Behavior, string Effect, string Suggestion, string ThanksTrust);

/// <summary>An improvement-plan item of the interview record: goal, action steps, time node, support needed.</summary>
internal sealed record RecordPlanLine(string Goal, string Actions, string Due, string Support)
{
    /// <summary>
    /// A plan action of the rated form: the action, its due date beside it (plan-due), and the texts of the item with no
    /// role in the template's order — the first the goal, the second the support needed (the interview record's plan).
    /// </summary>
    public static RecordPlanLine Of(RoledValue action, string language)
    {
        var others = RoledForms.Fields(action, language).Where(f => f.Role is null).Select(f => f.Text).ToList();
        return new RecordPlanLine(others.ElementAtOrDefault(0) ?? string.Empty, FormValues.Text(action.Value), RoledForms.Beside(action, FieldRoles.PlanDue), others.ElementAtOrDefault(1) ?? string.Empty);
    }
}

/// <summary>The interview record as far as the process lets the employee read it.</summary>
internal sealed record HistoryInterview(
    IReadOnlyList<WentWellLine> WentWell,
    IReadOnlyList<ToImproveLine> ToImprove,
    IReadOnlyList<RecordPlanLine> Plan,
    IReadOnlyList<BestLine> Feedback,
    int? Rating,
    string Summary,
    bool? Confirmed,
    string EmployeeComment);

/// <summary>A development action of an IDP, with the competency and goal it serves.</summary>
internal sealed record IdpActionLine(string Competency, string Goal, string Action, string Due);

/// <summary>The individual development plan as the employee may read it (the manager's review only when the process shows it).</summary>
internal sealed record HistoryIdp(string Aspiration, string TargetRole, IReadOnlyList<IdpActionLine> Actions, string ManagerComment);

/// <summary>A result goal of an improvement plan.</summary>
internal sealed record PipGoalLine(string Goal, string Measure, string Target, string Due);

/// <summary>A support commitment of the manager in an improvement plan.</summary>
internal sealed record PipSupportLine(string Commitment, string Due);

/// <summary>The improvement plan (PIP) as the employee may read it.</summary>
internal sealed record HistoryPip(string Background, string Starts, string Ends, IReadOnlyList<PipGoalLine> Goals, IReadOnlyList<PipSupportLine> Support);

/// <summary>A KPI setting as the employee may read it: the period, the indicators, and the employee's response worded.</summary>
internal sealed record HistoryKpi(string Period, IReadOnlyList<KpiLine> Items, string Decision, string ObjectionReason);

/// <summary>
/// An action of any plan of the instance (a field with the role plan-action): the plan's template title, the action,
/// its due date and status beside it (plan-due, plan-status; empty when the plan has none), and the item's texts.
/// </summary>
internal sealed record HistoryPlanLine(string Plan, string Action, string Due, string Status, IReadOnlyList<LabelledText> Parts);

/// <summary>A form of the instance the reader reads, by its template's title, with its written one-value fields labelled.</summary>
internal sealed record HistoryForm(string Title, IReadOnlyList<LabelledText> Texts);

/// <summary>
/// One process instance about the employee as the employee sees it: what it was, when it started, where it stands,
/// and the parts of it the employee may read (a part the employee may not read, or that was not written, is null).
/// </summary>
internal sealed record HistoryEntry(
    string Process,
    string Title,
    string Cycle,
    string Started,
    string Status,
    string StatusText,
    string Waiting,
    IReadOnlyList<TrailStep> Trail,
    HistorySelfReview? SelfReview,
    HistoryInterview? Interview,
    HistoryIdp? Idp,
    HistoryPip? Pip,
    HistoryKpi? Kpi,
    IReadOnlyList<CheckInLine> CheckIns,
    FeedbackAggregate? Feedback360,
    FeedbackLogLine? Feedback)
{
    /// <summary>The actions of every plan of the instance, found by role (plan-action), whatever the process.</summary>
    public IReadOnlyList<HistoryPlanLine> Plan { get; init; } = [];

    /// <summary>Every form the reader reads, with its texts labelled: what the entry shows of fields that have no role.</summary>
    public IReadOnlyList<HistoryForm> Forms { get; init; } = [];
}

/// <summary>
/// The model of an employee's own history (seed 000, transparency): every process instance about them, newest first,
/// as the employee's own screens show it — and, read by someone else (their HRBP, an administrator), only as far as
/// that reader may see it too. It is built from the instances as <see cref="InstanceDesk"/> shows them through the rule
/// of who sees what (<see cref="SeenInstance"/>), never from the stored forms, so it cannot show more than those
/// screens: other parts' sections, the manager's preparation and notes, and who wrote which anonymous answer stay out
/// by the same rules. See docs/reports.md.
/// </summary>
internal sealed record HistoryModel(string Language, string Employee, string Department, string Manager, IReadOnlyList<HistoryEntry> Entries)
{
    /// <summary>
    /// The history of <paramref name="employeeId"/> as <paramref name="readerId"/> (the employee, or someone reading it
    /// for them) may read it, in <paramref name="locale"/>'s language; null when there is no such person.
    /// </summary>
    public static async Task<HistoryModel?> BuildAsync(Database database, TimeProvider clock, string employeeId, string readerId, string locale, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var language = NotificationTemplate.LanguageOf(locale);
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var person = await OrganisationStore.FindPersonAsync(work, employeeId);
        if (person is null)
        {
            return null;
        }

        var department = person.DepartmentId is { } departmentId ? await OrganisationStore.FindDepartmentAsync(work, departmentId) : null;
        var manager = await OrganisationStore.ManagerOfAsync(work, employeeId);
        var entries = new List<HistoryEntry>();
        foreach (var seen in (await SeenInstance.ReadAsync(work, [employeeId], employeeId, readerId, clock.GetUtcNow())).Reverse())
        {
            if (seen.Row.Status != InstanceStatus.Running && seen.Details.Forms.Count == 0 && seen.Details.Answers.Count == 0)
            {
                // An ended instance of which they read nothing: the history says nothing rather than that something
                // was written. (One the employee does not see at all — a feedback-log entry the manager keeps to
                // themselves — is not among those read.)
                continue;
            }

            var cycle = seen.Row.CycleId is { } cycleId ? await CycleStore.FindAsync(work, cycleId) : null;
            entries.Add(await EntryAsync(work, seen, cycle?.Name ?? string.Empty, language));
        }

        return new HistoryModel(language, person.Name.For(language), department?.Name.For(language) ?? string.Empty, manager?.Name.For(language) ?? string.Empty, entries);
    }

    private static async Task<HistoryEntry> EntryAsync(UnitOfWork work, SeenInstance seen, string cycle, string language)
    {
        var (process, instance, view, timeline) = (seen.Process, seen.Row, seen.Details, seen.Timeline);
        var en = language == "en";
        string StepTitle(string id) => process.Steps.TryGetValue(id, out var step) && step.Title is { } title ? title.For(language) : string.Empty;
        JsonObject? Form(string template) => process.Forms.Where(f => f.Value.Template == template).Select(f => view.Forms[f.Key]).OfType<JsonObject>().FirstOrDefault();

        // The forms are found by what their fields mean, whatever the process and the fields are called: the self-review
        // is the form holding the self-rating, the interview record the one holding the rating, the KPI setting the one
        // holding the indicators. The IDP, the PIP and the feedback log have no role of their own that tells them apart
        // from other plans: their sections are the shipped templates' views, found by template key; any process's plan
        // is in the entry's plan (by plan-action), and every form's texts in its forms.
        var roled = await RoledForms.OfAsync(work, seen);
        var selfForm = roled.FormOf(FieldRoles.SelfRating);
        var recordForm = roled.FormOf(FieldRoles.Rating);
        var kpiForm = roled.Items(FieldRoles.Kpi).Select(k => k.Form).FirstOrDefault() ?? roled.FormOf(FieldRoles.Kpi);
        var kpiItems = roled.Items(FieldRoles.Kpi).Where(k => k.Form == kpiForm).ToList();
        var self = selfForm is null ? null : roled.Data(selfForm);
        var record = recordForm is null ? null : roled.Data(recordForm);
        var idp = Form("idp");
        var pip = Form("improvement-plan");
        var kpi = kpiForm is null ? null : roled.Data(kpiForm);
        var log = Form(PreInterviewModel.FeedbackLogTemplate);

        var checkIns = new List<(long At, CheckInLine Line)>();
        FeedbackAggregate? feedback360 = null;
        foreach (var (stepId, answers) in view.Answers)
        {
            if (!process.Steps.TryGetValue(stepId, out var step) || StepTasks.SpecOf(step) is not { } spec)
            {
                continue;
            }

            if (step is ForEachStep { Anonymous: true } && answers is JsonObject aggregate)
            {
                feedback360 = FeedbackAggregate.From(aggregate, await ProcessCatalog.FormAsync(work, process, spec.Form), language);
            }
            else if (step is RecurringStep && answers is JsonArray responses)
            {
                // Check-ins are recognised by their shape (a month and its goals), whichever template asked for them.
                checkIns.AddRange(responses.OfType<JsonObject>().Where(r => r["data"] is JsonObject data && CheckInLine.IsCheckIn(data)).Select(r => ((long?)r["at"] ?? 0, CheckInLine.From(r["data"]!.AsObject(), language))));
            }

            // The answers of a for-each step that is not anonymous name their writers: left out, as the history shows
            // what was said to the employee, not by whom.
        }

        var trail = timeline
            .Where(t => t.Action is "instance.started" or "step.entered" && t.To is { } to && process.Steps.TryGetValue(to, out var s) && s is not DecisionStep and not EndStep && s.Title is not null)
            .Select(t => new TrailStep(Day(t.At.ToUnixTimeMilliseconds()), StepTitle(t.To!)))
            .ToList();

        return new HistoryEntry(
            instance.ProcessKey,
            process.Title.For(language),
            cycle,
            Day(instance.CreatedAt),
            view.Status,
            (view.Status, en) switch
            {
                (InstanceStatus.Running, true) => "in progress",
                (InstanceStatus.Completed, true) => "completed",
                (InstanceStatus.Running, false) => "进行中",
                (InstanceStatus.Completed, false) => "已完成",
                (var other, _) => other,
            },
            // A join is where branches meet, not a step anybody waits at: the branches still running say where it stands.
            string.Join(en ? ", " : "、", seen.Active.Where(id => process.Steps.GetValueOrDefault(id) is not JoinStep).Select(StepTitle).Where(t => t.Length > 0)),
            trail,
            self is null ? null : new HistorySelfReview(
                Text(self["period"]),
                PreInterviewModel.GoalsOf(roled, language),
                roled.Number(FieldRoles.SelfRating),
                Text(self["rating_explanation"]),
                Text(self["highlights"]),
                Text(self["difficulties"]),
                Text(self["support_wanted"]),
                Text(self["development_wishes"])),
            record is null ? null : new HistoryInterview(
                [.. Items(record["went_well"]).Select(w => new WentWellLine(Text(w["project"]), Int(w["completion_pct"]), Text(w["key_behavior"]), Text(w["team_contribution"])))],
                [.. Items(record["to_improve"]).Select(t => new ToImproveLine(Text(t["event"]), Text(t["impact"]), Text(t["own_shortfall"])))],
                [.. roled.Values(FieldRoles.PlanAction).Where(a => a.Form == recordForm).Select(a => RecordPlanLine.Of(a, language))],
                [.. Items(record["feedback"]).Select(f => new BestLine(Text(f["behavior"]), Text(f["effect"]), Text(f["suggestion"]), Text(f["thanks_trust"])))],
                roled.Number(FieldRoles.Rating),
                PreInterviewModel.SummaryOf(roled, recordForm!, language),
                Bool(record["employee_confirmed"]),
                Text(record["employee_comment"])),
            idp is null ? null : new HistoryIdp(
                Text(idp["career_aspiration"]),
                Text(idp["target_role"]),
                [.. Items(idp["development_goals"]).SelectMany(g => Items(g["actions"]).Select(a => new IdpActionLine(Text(g["competency"]), Text(g["goal"]), Text(a["description"]), Text(a["deadline"]))))],
                Text(idp["manager_comment"])),
            pip is null ? null : new HistoryPip(
                Text(pip["background"]),
                Text(pip["period_start"]),
                Text(pip["period_end"]),
                [.. Items(pip["result_goals"]).Select(g => new PipGoalLine(Text(g["specific"]), Text(g["measure"]), Text(g["target"]), Text(g["deadline"])))],
                [.. Items(pip["manager_support"]).Select(s => new PipSupportLine(Text(s["commitment"]), Text(s["due_date"])))]),
            kpi is null ? null : new HistoryKpi(
                Text(kpi["period"]),
                // The results only when the employee may read their section: the view has left them out otherwise.
                PreInterviewModel.KpisOf(kpiItems, kpi, language),
                (Text(kpi["employee_decision"]), en) switch
                {
                    ("agree", true) => "agreed",
                    ("object", true) => "objected",
                    ("agree", false) => "已同意",
                    ("object", false) => "有异议",
                    _ => string.Empty,
                },
                Text(kpi["objection_reason"])),
            [.. checkIns.OrderByDescending(c => c.Line.Month, StringComparer.Ordinal).ThenByDescending(c => c.At).Select(c => c.Line)],
            feedback360,
            // Whether the employee may read the entry is the process's to say (the shipped feedback log shows it when
            // visible_to_employee is set, through visibleToSubject): the view above has decided, so the history
            // does not judge the flag a second time.
            log is null ? null : FeedbackLogLine.From(log, language))
        {
            Plan = [.. roled.Values(FieldRoles.PlanAction).Select(a => new HistoryPlanLine(
                a.Template.Title.For(language),
                Text(a.Value),
                RoledForms.Beside(a, FieldRoles.PlanDue),
                RoledForms.Beside(a, FieldRoles.PlanStatus),
                PreInterviewModel.Written(RoledForms.Fields(a, language))))],
            Forms = [.. process.Forms.Keys.Order(StringComparer.Ordinal)
                .Select(f => (Form: f, Texts: PreInterviewModel.Written(roled.Fields(f, language))))
                .Where(f => f.Texts.Count > 0)
                .Select(f => new HistoryForm(roled.Title(f.Form, language), f.Texts))],
        };
    }

    /// <summary>The annual reviews' ratings by cycle, newest first: the self-rating and the agreed rating.</summary>
    public ReportTable Ratings() => new(
        "ratings",
        Language == "en" ? ["Cycle", "Started", "Self-rating", "Rating"] : ["考核周期", "开始日期", "自评", "评级"],
        [.. Entries.Where(e => e.SelfReview is not null || e.Interview is not null).Select(e => (IReadOnlyList<string>)[
            e.Cycle.Length > 0 ? e.Cycle : e.Title,
            e.Started,
            e.SelfReview?.OverallRating?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            e.Interview?.Rating?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty])]);

    /// <summary>The members a template sees (snake_case, plain Scriban data).</summary>
    public ScriptObject ToScriptObject() => new()
    {
        ["language"] = Language,
        ["employee"] = new ScriptObject { ["name"] = Employee, ["department"] = Department, ["manager"] = Manager },
        ["entries"] = ReportArrays.Of(Entries, Entry),
        ["ratings"] = ReportArrays.Of(Ratings().Rows, r => new ScriptObject { ["cycle"] = r[0], ["started"] = r[1], ["self_rating"] = r[2], ["rating"] = r[3] }),
    };

    private static ScriptObject Entry(HistoryEntry e) => new()
    {
        ["process"] = e.Process,
        ["title"] = e.Title,
        ["cycle"] = e.Cycle,
        ["started"] = e.Started,
        ["status"] = e.Status,
        ["status_text"] = e.StatusText,
        ["waiting"] = e.Waiting,
        ["trail"] = ReportArrays.Of(e.Trail, t => new ScriptObject { ["at"] = t.At, ["step"] = t.Step }),
        ["self_review"] = e.SelfReview is not { } s ? null : new ScriptObject
        {
            ["period"] = s.Period,
            ["goals"] = ReportArrays.Of(s.Goals, PreInterviewModel.GoalObject),
            ["overall_rating"] = s.OverallRating,
            ["rating_explanation"] = s.RatingExplanation,
            ["highlights"] = s.Highlights,
            ["difficulties"] = s.Difficulties,
            ["support_wanted"] = s.SupportWanted,
            ["development_wishes"] = s.DevelopmentWishes,
        },
        ["interview"] = e.Interview is not { } i ? null : new ScriptObject
        {
            ["went_well"] = ReportArrays.Of(i.WentWell, w => new ScriptObject { ["project"] = w.Project, ["completion"] = w.Completion, ["behavior"] = w.Behavior, ["contribution"] = w.Contribution }),
            ["to_improve"] = ReportArrays.Of(i.ToImprove, t => new ScriptObject { ["event"] = t.Event, ["impact"] = t.Impact, ["shortfall"] = t.Shortfall }),
            ["plan"] = ReportArrays.Of(i.Plan, p => new ScriptObject { ["goal"] = p.Goal, ["actions"] = p.Actions, ["due"] = p.Due, ["support"] = p.Support }),
            ["feedback"] = ReportArrays.Of(i.Feedback, f => new ScriptObject { ["behavior"] = f.Behavior, ["effect"] = f.Effect, ["suggestion"] = f.Suggestion, ["thanks_trust"] = f.ThanksTrust }),
            ["rating"] = i.Rating,
            ["summary"] = i.Summary,
            ["confirmed"] = i.Confirmed,
            ["employee_comment"] = i.EmployeeComment,
        },
        ["idp"] = e.Idp is not { } d ? null : new ScriptObject
        {
            ["aspiration"] = d.Aspiration,
            ["target_role"] = d.TargetRole,
            ["actions"] = ReportArrays.Of(d.Actions, a => new ScriptObject { ["competency"] = a.Competency, ["goal"] = a.Goal, ["action"] = a.Action, ["due"] = a.Due }),
            ["manager_comment"] = d.ManagerComment,
        },
        ["pip"] = e.Pip is not { } p ? null : new ScriptObject
        {
            ["background"] = p.Background,
            ["starts"] = p.Starts,
            ["ends"] = p.Ends,
            ["goals"] = ReportArrays.Of(p.Goals, g => new ScriptObject { ["goal"] = g.Goal, ["measure"] = g.Measure, ["target"] = g.Target, ["due"] = g.Due }),
            ["support"] = ReportArrays.Of(p.Support, s => new ScriptObject { ["commitment"] = s.Commitment, ["due"] = s.Due }),
        },
        ["kpi"] = e.Kpi is not { } k ? null : new ScriptObject
        {
            ["period"] = k.Period,
            ["items"] = ReportArrays.Of(k.Items, PreInterviewModel.KpiObject),
            ["has_results"] = k.Items.Any(i => i.Actual.Length > 0),
            ["decision"] = k.Decision,
            ["objection_reason"] = k.ObjectionReason,
        },
        ["check_ins"] = ReportArrays.Of(e.CheckIns, PreInterviewModel.CheckInObject),
        ["feedback_360"] = e.Feedback360?.ToScriptObject(),
        ["feedback"] = e.Feedback is { } log ? PreInterviewModel.FeedbackObject(log) : null,
        ["plan"] = ReportArrays.Of(e.Plan, p => new ScriptObject { ["plan"] = p.Plan, ["action"] = p.Action, ["due"] = p.Due, ["status"] = p.Status, ["parts"] = LabelledText.ToScriptArray(p.Parts) }),
        ["forms"] = ReportArrays.Of(e.Forms, f => new ScriptObject { ["title"] = f.Title, ["texts"] = LabelledText.ToScriptArray(f.Texts) }),
    };
}
