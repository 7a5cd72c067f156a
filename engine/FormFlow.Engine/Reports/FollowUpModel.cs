using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using FormFlow.Notifications;
using FormFlow.Organisation;
using FormFlow.Storage;
using FormFlow.Templates;
using FormFlow.Workflows;
using Scriban.Runtime;

namespace FormFlow.Reports;

/// <summary>
/// One action to follow up: a field a template marks as a plan's action (<c>plan-action</c>: an IDP development action,
/// a PIP result goal) or as the manager's support (<c>support</c>), its due date (<c>plan-due</c> beside it), and where
/// it stands at the report's date (<c>closed</c> when its plan ended, <c>done</c> when the latest check-in marked it so,
/// or the plan's own status beside it says <c>done</c>, <c>off-track</c> likewise, <c>overdue</c>, <c>due-soon</c> within
/// <see cref="FollowUpModel.DueSoonDays"/> days, else <c>open</c>), and what the latest check-in said of it
/// (<see cref="PlanActions"/>: the manager's mark before the employee's own status).
/// </summary>
internal sealed record FollowUpAction(string Employee, string Plan, string Action, string Due, int? DaysLeft, string Status, string StatusText)
{
    public bool AtRisk => Status is "overdue" or "due-soon" or CheckInStatuses.OffTrack;

    /// <summary>The latest check-in's word on the action (已偏离（主管标记）), empty when no check-in spoke of it.</summary>
    public string CheckIn { get; init; } = string.Empty;

    /// <summary>Where the plan itself says the action stands (the field beside it with the plan-status role, in its option's words), empty when it says nothing.</summary>
    public string PlanStatus { get; init; } = string.Empty;

    /// <summary>The status as a line of the table says it: the report's word, then the plan's own when it has one.</summary>
    public string StatusLine => PlanStatus.Length == 0 ? StatusText : StatusText + " · " + PlanStatus;
}

/// <summary>
/// The model of the follow-up report for a manager, in one language: the plans' actions and the support committed to of
/// the manager's direct reports, in any process whose templates mark them (<see cref="FieldRoles.PlanAction"/>,
/// <see cref="FieldRoles.Support"/>, with <see cref="FieldRoles.PlanDue"/> and <see cref="FieldRoles.PlanStatus"/>
/// beside), the soonest due first, and the ones at risk. Cancelled instances are left out. See docs/reports.md.
/// </summary>
internal sealed record FollowUpModel(string Language, string Manager, string AsOf, IReadOnlyList<FollowUpAction> Actions)
{
    public const int DueSoonDays = 14;

    public IReadOnlyList<FollowUpAction> AtRisk => [.. Actions.Where(a => a.AtRisk)];

    /// <summary>How many actions are in each state: the figures the report leads with.</summary>
    public int Count(string status) => Actions.Count(a => a.Status == status);

    /// <summary>
    /// The report for <paramref name="managerId"/> now, as <paramref name="readerId"/> (the manager, or someone reading
    /// it for them) may read it: the plans as the manager sees them, as far as the reader may see them too
    /// (<see cref="SeenInstance"/>). Null when there is no such person.
    /// </summary>
    public static async Task<FollowUpModel?> BuildAsync(Database database, TimeProvider clock, string managerId, string readerId, string locale, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var language = NotificationTemplate.LanguageOf(locale);
        var en = language == "en";
        await using var work = await UnitOfWork.BeginReadAsync(database, cancellationToken);
        var manager = await OrganisationStore.FindPersonAsync(work, managerId);
        if (manager is null)
        {
            return null;
        }

        var reports = (await work.Connection.QueryAsync<(string Id, string NameZh, string NameEn)>(
            "SELECT id, name_zh, name_en FROM people WHERE manager_id = @Manager",
            new { Manager = managerId },
            work.Transaction)).ToDictionary(p => p.Id, p => en ? p.NameEn : p.NameZh, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.ToOffset(TimeSpan.FromHours(8)).DateTime); // China Standard Time, no daylight saving
        var actions = new List<FollowUpAction>();
        // Every process of the reports, whatever it is called: the actions are the fields its templates mark as a plan's
        // action or as the manager's support, each with the due date and the status beside it.
        foreach (var seen in await SeenInstance.ReadAsync(work, reports.Keys, managerId, readerId, now))
        {
            var roled = await RoledForms.OfAsync(work, seen);
            if (!roled.Carries(FieldRoles.PlanAction) && !roled.Carries(FieldRoles.Support))
            {
                continue;
            }

            var name = reports[seen.Row.SubjectId];
            var closed = seen.Row.Status != InstanceStatus.Running;
            var checkIns = PlanActions.CheckIns(seen.Process, seen.Details.Answers).ToList();
            FollowUpAction Action(RoledValue item, string plan)
            {
                var text = ActionText(item, language);
                var due = RoledForms.Beside(item, FieldRoles.PlanDue);
                var planStatus = RoledForms.Beside(item, FieldRoles.PlanStatus);
                int? left = DateOnly.TryParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date.DayNumber - today.DayNumber : null;
                var mark = PlanActions.Latest(checkIns, text);
                var status = closed ? "closed"
                    : mark is { Done: true } || (mark is null && planStatus == CheckInStatuses.Done) ? CheckInStatuses.Done
                    : mark?.Status == CheckInStatuses.OffTrack || (mark is null && planStatus == CheckInStatuses.OffTrack) ? CheckInStatuses.OffTrack
                    : left < 0 ? "overdue" : left <= DueSoonDays ? "due-soon" : "open";
                var statusText = (status, en) switch
                {
                    ("closed", true) => "plan ended",
                    (CheckInStatuses.Done, true) => "done",
                    (CheckInStatuses.OffTrack, true) => "off track",
                    (CheckInStatuses.Done, false) => "已完成",
                    (CheckInStatuses.OffTrack, false) => "已偏离",
                    ("overdue", true) => left == -1 ? "1 day overdue" : $"{-left} days overdue",
                    ("due-soon", true) => left switch { 0 => "due today", 1 => "due tomorrow", _ => $"due in {left} days" },
                    (_, true) => "open",
                    ("closed", false) => "计划已结束",
                    ("overdue", false) => $"已逾期 {-left} 天",
                    ("due-soon", false) => left == 0 ? "今天到期" : $"{left} 天后到期",
                    _ => "进行中",
                };
                var planStatusText = planStatus.Length == 0 ? string.Empty
                    : RoledForms.BesidePath(item, FieldRoles.PlanStatus) is { } path && item.Template.OptionOf(path, planStatus) is { } option ? option.For(language) : planStatus;
                return new FollowUpAction(name, plan, InContext(item, text, en), due, left, status, statusText)
                {
                    CheckIn = mark is null ? string.Empty : CheckInText(mark, en),
                    PlanStatus = planStatusText,
                };
            }

            foreach (var item in roled.Items(FieldRoles.PlanAction))
            {
                actions.Add(Action(item, item.Template.Title.For(language)));
            }

            // The support committed to with a date (the improvement plan's): a 3-3 preparation's support ideas, dated
            // nowhere, are the talk's to agree, not actions to follow up.
            foreach (var item in roled.Items(FieldRoles.Support).Where(i => RoledForms.BesidePath(i, FieldRoles.PlanDue) is not null))
            {
                actions.Add(Action(item, item.Template.Title.For(language) + " · " + FieldRoles.Names[FieldRoles.Support].For(language)));
            }
        }

        return new FollowUpModel(
            language,
            manager.Name.For(language),
            NotificationModel.FormatTime(now, language),
            [.. actions.OrderBy(a => a.Status == "closed").ThenBy(a => a.Due, StringComparer.Ordinal).ThenBy(a => a.Employee, StringComparer.Ordinal).ThenBy(a => a.Action, StringComparer.Ordinal)]);
    }

    private static string CheckInText(CheckInMark mark, bool en)
    {
        var status = (mark.Status, en) switch
        {
            (CheckInStatuses.OnTrack, true) => "on track",
            (CheckInStatuses.AtRisk, true) => "at risk",
            (CheckInStatuses.OffTrack, true) => "off track",
            (CheckInStatuses.Done, true) => "done",
            (CheckInStatuses.InProgress, true) => "in progress",
            (CheckInStatuses.NotStarted, true) => "not started",
            (CheckInStatuses.OnTrack, false) => "正常",
            (CheckInStatuses.AtRisk, false) => "有风险",
            (CheckInStatuses.OffTrack, false) => "已偏离",
            (CheckInStatuses.Done, false) => "已完成",
            (CheckInStatuses.InProgress, false) => "进行中",
            (CheckInStatuses.NotStarted, false) => "未开始",
            _ => mark.Status,
        };
        return (mark.ByManager, en) switch
        {
            (true, true) => $"{status} (manager)",
            (true, false) => $"{status}（主管标记）",
            (false, true) => $"{status} (employee)",
            _ => $"{status}（员工自评）",
        };
    }

    /// <summary>The members a template sees (snake_case, plain Scriban data).</summary>
    public ScriptObject ToScriptObject()
    {
        static ScriptArray Array(IEnumerable<FollowUpAction> actions)
        {
            var array = new ScriptArray();
            foreach (var a in actions)
            {
                array.Add(new ScriptObject { ["employee"] = a.Employee, ["plan"] = a.Plan, ["action"] = a.Action, ["due"] = a.Due, ["days_left"] = a.DaysLeft, ["status"] = a.Status, ["status_text"] = a.StatusText, ["at_risk"] = a.AtRisk, ["check_in"] = a.CheckIn, ["plan_status"] = a.PlanStatus });
            }

            return array;
        }

        return new ScriptObject
        {
            ["language"] = Language,
            ["manager"] = new ScriptObject { ["name"] = Manager },
            ["as_of"] = AsOf,
            ["due_soon_days"] = DueSoonDays,
            ["actions"] = Array(Actions),
            ["at_risk"] = Array(AtRisk),
            ["counts"] = new ScriptObject
            {
                ["off_track"] = Count(CheckInStatuses.OffTrack),
                ["overdue"] = Count("overdue"),
                ["due_soon"] = Count("due-soon"),
                ["done"] = Count(CheckInStatuses.Done),
            },
        };
    }

    /// <summary>The actions as one table, headed in the report's language.</summary>
    public ReportTable Table() => new(
        "actions",
        Language == "en" ? ["Employee", "Plan", "Action", "Due", "Status", "Latest check-in"] : ["员工", "计划", "行动", "截止日期", "状态", "最近 Check-in"],
        [.. Actions.Select(a => (IReadOnlyList<string>)[a.Employee, a.Plan, a.Action, a.Due, a.StatusLine, a.CheckIn])]);

    // An action two lists deep is shown after the goal it serves (项目管理：…), the first text of the item that holds
    // it, as the plan reads; the check-ins name the action alone, so it is matched by its own text.
    private static string InContext(RoledValue item, string text, bool en) =>
        item.Outer?.Select(p => p.Value is JsonValue value && value.TryGetValue<string>(out var words) ? words.Trim() : string.Empty).FirstOrDefault(t => t.Length > 0) is { } goal
            ? goal + (en ? ": " : "：") + text
            : text;

    // The action as its plan words it: the field with the role, or, for a whole item of a list role (help), the item's
    // first text, the way a check-in writes the action back.
    private static string ActionText(RoledValue item, string language) =>
        item.Value is JsonObject ? RoledForms.Parts(item, language).Select(p => p.Text).FirstOrDefault() ?? string.Empty : FormValues.Text(item.Value);
}
