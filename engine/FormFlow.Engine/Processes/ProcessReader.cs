using System.Collections.Frozen;
using System.Globalization;
using FormFlow.Authoring;
using FormFlow.Expressions;
using FormFlow.Templates;
using FormFlow.Text;
using Newtonsoft.Json.Linq;

namespace FormFlow.Processes;

/// <summary>The process read from its JSON text, or null when the text has structural errors; every finding either way.</summary>
internal sealed record ProcessReadResult(ProcessDefinition? Process, IReadOnlyList<LintFinding> Findings, JObject? Document)
{
    public bool HasErrors => Findings.Any(f => f.Severity == LintSeverity.Error);
}

/// <summary>
/// Reads a process document: every member it needs, of the right type, every step reference resolved. It reports
/// all structural problems at once with their JSON path and line; what a process means (reachability, templates,
/// people) is <see cref="ProcessLinter"/>'s part.
/// </summary>
internal sealed partial class ProcessReader
{
    /// <summary>The names a condition may read: the instance's forms, its variables, and the subject.</summary>
    public static readonly IReadOnlyList<string> ConditionRoots = ["forms", "vars", "subject"];

    private const int MaxSteps = 500;
    private readonly List<LintFinding> findings = [];

    private ProcessReader()
    {
    }

    public static ProcessReadResult Read(string json)
    {
        var (document, error) = TemplateJson.Read(json);
        if (document is null)
        {
            return new ProcessReadResult(null, [error!], null);
        }

        var reader = new ProcessReader();
        var process = reader.ReadProcess(document);
        var failed = reader.findings.Any(f => f.Severity == LintSeverity.Error);
        return new ProcessReadResult(failed ? null : process, reader.findings, document);
    }

    private ProcessDefinition? ReadProcess(JObject document)
    {
        OnlyKnownMembers(document, ["key", "title", "description", "ownerDepartment", "forms", "start", "steps", "notifications", "startableBy"]);
        var notifications = ReadNotifications(document);
        var startableBy = ReadStartableBy(document);
        var owner = OptionalString(document, "ownerDepartment");
        if (owner is { Length: > ProcessRights.MaxDepartmentId })
        {
            Add("process.wrong-type", document["ownerDepartment"]!, $"ownerDepartment 是部门编号，最多 {ProcessRights.MaxDepartmentId} 个字符", $"ownerDepartment is a department id of at most {ProcessRights.MaxDepartmentId} characters");
        }

        var key = Identifier(document, "key");
        var title = Text(document, "title", required: true);
        var forms = ReadForms(document);
        var start = String(document, "start");
        var stepsToken = Member<JObject>(document, "steps", "an object of steps by id / 以步骤 id 为键的对象");
        if (stepsToken is null)
        {
            return null;
        }

        if (stepsToken.Count > MaxSteps)
        {
            Add("process.too-large", stepsToken, $"一个流程最多 {MaxSteps} 个步骤", $"A process has at most {MaxSteps} steps");
            return null;
        }

        var steps = new Dictionary<string, Step>(StringComparer.Ordinal);
        foreach (var property in stepsToken.Properties())
        {
            if (!IsIdentifier(property.Name))
            {
                Add("process.bad-step-id", property, $"步骤 id「{property.Name}」只能包含小写字母、数字和连字符", $"The step id \"{property.Name}\" may contain only lower-case letters, digits and hyphens");
                continue;
            }

            if (property.Value is not JObject stepObject)
            {
                Add("process.wrong-type", property.Value, "步骤必须是 JSON 对象", "A step must be a JSON object");
                continue;
            }

            if (ReadStep(property.Name, stepObject, forms) is { } step)
            {
                steps[step.Id] = step;
            }
        }

        if (start is not null && !stepsToken.ContainsKey(start))
        {
            Add("process.unknown-step", document["start"]!, $"起始步骤「{start}」不存在", $"The start step \"{start}\" does not exist");
        }

        foreach (var property in stepsToken.Properties())
        {
            if (property.Value is JObject stepObject)
            {
                CheckReferences(stepObject, stepsToken);
            }
        }

        return key is null || title is null || start is null || forms is null
            ? null
            : new ProcessDefinition(key, title, forms, start, steps)
            {
                Notifications = notifications, OwnerDepartment = owner, StartableBy = startableBy, ReadsSubjectFacts = StepTasks.ReadSubjectFacts(steps.Values),
            };
    }

    private Dictionary<string, FormReference>? ReadForms(JObject document)
    {
        var token = Member<JObject>(document, "forms", "an object naming the forms / 为表单命名的对象");
        if (token is null)
        {
            return null;
        }

        var forms = new Dictionary<string, FormReference>(StringComparer.Ordinal);
        foreach (var property in token.Properties())
        {
            if (!IsIdentifier(property.Name))
            {
                Add("process.bad-form-name", property, $"表单名「{property.Name}」只能包含小写字母、数字和连字符", $"The form name \"{property.Name}\" may contain only lower-case letters, digits and hyphens");
                continue;
            }

            if (property.Value.Type != JTokenType.String || ParseFormReference((string)property.Value!) is not { } reference)
            {
                Add("process.wrong-type", property.Value, "表单必须写成模板键，如 \"interview-record\" 或 \"interview-record@2\"", "A form is a template key such as \"interview-record\" or \"interview-record@2\"");
                continue;
            }

            forms[property.Name] = reference;
        }

        return forms;
    }

    private Dictionary<string, string> ReadNotifications(JObject document)
    {
        var chosen = new Dictionary<string, string>(StringComparer.Ordinal);
        if (document["notifications"] is null)
        {
            return chosen;
        }

        if (document["notifications"] is not JObject token)
        {
            Add("process.wrong-type", document["notifications"]!, "notifications 必须是对象：事件 → 通知模板", "notifications must be an object: event → notification template");
            return chosen;
        }

        foreach (var property in token.Properties())
        {
            if (!ProcessDefinition.NotificationEvents.Contains(property.Name, StringComparer.Ordinal))
            {
                Add("process.unknown-member", property, $"没有事件「{property.Name}」；可用：{string.Join(", ", ProcessDefinition.NotificationEvents)}", $"There is no event \"{property.Name}\"; use one of: {string.Join(", ", ProcessDefinition.NotificationEvents)}");
            }
            else if (property.Value is JValue { Type: JTokenType.String } value && IsIdentifierOrEvent((string)value!))
            {
                chosen[property.Name] = (string)value!;
            }
            else
            {
                Add("process.wrong-type", property.Value, "通知模板须写成其键，如 \"gentle-reminder\"", "A notification template is named by its key, such as \"gentle-reminder\"");
            }
        }

        return chosen;
    }

    // Who may start one instance on demand (Starters); absent: only a cycle's launch starts the process.
    private List<string> ReadStartableBy(JObject document)
    {
        var relations = new List<string>();
        if (document["startableBy"] is null)
        {
            return relations;
        }

        if (document["startableBy"] is not JArray array)
        {
            Add("process.wrong-type", document["startableBy"]!, $"startableBy 必须是关系的数组：{string.Join(", ", Starters.Relations)}", $"startableBy must be an array of relations: {string.Join(", ", Starters.Relations)}");
            return relations;
        }

        foreach (var item in array)
        {
            if (item is not JValue { Type: JTokenType.String } value)
            {
                Add("process.wrong-type", item, "startableBy 的每一项都是关系名，如 \"manager\"", "Each item of startableBy is a relation such as \"manager\"");
            }
            else if (!Starters.IsKnown((string)value!))
            {
                Add("process.unknown-starter", item, $"startableBy 中没有关系「{(string)value!}」；可用：{string.Join(", ", Starters.Relations)}", $"There is no relation \"{(string)value!}\" for startableBy; use one of: {string.Join(", ", Starters.Relations)}");
            }
            else if (!relations.Contains((string)value!, StringComparer.Ordinal))
            {
                relations.Add((string)value!);
            }
        }

        return relations;
    }

    // Notification keys are identifiers, or event names with dots (task.reminder) for the organisation's own.
    private static bool IsIdentifierOrEvent(string text) => text.Split('.').All(IsIdentifier);

    public static FormReference? ParseFormReference(string text)
    {
        var at = text.LastIndexOf('@');
        if (at < 0)
        {
            return IsIdentifier(text) ? new FormReference(text, null) : null;
        }

        return IsIdentifier(text[..at]) && int.TryParse(text[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? new FormReference(text[..at], version)
            : null;
    }

    private static readonly string[] TaskMembers = ["form", "read", "write", "due", "reminders", "escalation", "visibleToSubject", "visibleTo", "next"];

    // Date reminders belong to the steps whose tasks write the form itself: for-each and recurring answers are kept apart.
    private const string DateRemindersMember = "dateReminders";

    // Alerts read what a task hands in, so they also belong to recurring steps: each check-in is read as it comes.
    private const string AlertsMember = "alerts";

    // The members each kind of step takes besides kind and title: anything else is a typo that would silently
    // drop a setting (a "reminder" meant as "reminders").
    private static readonly FrozenDictionary<string, string[]> StepMembers = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["form"] = [.. TaskMembers, "assignee", "meeting", DateRemindersMember, AlertsMember],
        ["approval"] = [.. TaskMembers, "approvers", "mode", "returnTo", DateRemindersMember],
        ["review"] = [.. TaskMembers, "author", "reviewer", "reviewerRead", "reviewerWrite", "meeting", DateRemindersMember, AlertsMember],
        ["confirmation"] = ["form", "parties", "due", "reminders", "escalation", "visibleToSubject", "visibleTo", "next", "returnTo", DateRemindersMember],
        ["decision"] = ["branches", "otherwise"],
        ["parallel"] = ["branches", "join"],
        ["join"] = ["next", "awaits"],
        ["for-each"] = [.. TaskMembers, "people", "complete", "anonymous"],
        ["wait"] = ["for", "until", "next"],
        ["recurring"] = [.. TaskMembers, "assignee", "every", "startOn", "count", "reviewer", "reviewerRead", "reviewerWrite", AlertsMember],
        ["notify"] = ["message", "to", "next"],
        ["announce"] = ["description", "rating", "consent", "labels", "next"],
        ["start-process"] = ["process", "carry", "next"],
        ["end"] = [],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private void OnlyKnownMembers(JObject owner, IEnumerable<string> known)
    {
        var allowed = known.ToHashSet(StringComparer.Ordinal);
        foreach (var property in owner.Properties().Where(p => !allowed.Contains(p.Name)))
        {
            Add("process.unknown-member", property, $"不认识的成员「{property.Name}」；此处可用：{string.Join(", ", allowed.Order(StringComparer.Ordinal))}", $"Unknown member \"{property.Name}\"; here you may use: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}");
        }
    }

    private Step? ReadStep(string id, JObject step, IReadOnlyDictionary<string, FormReference>? forms)
    {
        var kind = String(step, "kind");
        var title = Text(step, "title", required: false);
        if (kind is not null && StepMembers.TryGetValue(kind, out var members))
        {
            OnlyKnownMembers(step, [.. members, "kind", "title"]);
        }

        switch (kind)
        {
            case null:
                return null;
            case "form":
            {
                var assignee = AssigneeOf(step, "assignee");
                var task = WithMeeting(step, TaskOf(step, forms));
                var next = String(step, "next");
                return assignee is null || task is null || next is null ? null : new FormStep(id, title, assignee, task, next);
            }

            case "approval":
            {
                var approvers = Assignees(step, "approvers");
                var mode = Enum(step, "mode", ["one", "all", "any", "sequence"], "one");
                var task = TaskOf(step, forms);
                var next = String(step, "next");
                var returnTo = String(step, "returnTo");
                if (mode == "one" && approvers is { Count: > 1 })
                {
                    Add("process.wrong-type", step["approvers"]!, "审批方式为 one 时只能有一位审批人；多人请用 all、any 或 sequence", "Mode \"one\" takes one approver; for several use all, any or sequence");
                }

                return approvers is null || mode is null || task is null || next is null || returnTo is null
                    ? null
                    : new ApprovalStep(id, title, approvers, System.Enum.Parse<ApprovalMode>(mode, ignoreCase: true), task, next, returnTo);
            }

            case "review":
            {
                var author = AssigneeOf(step, "author");
                var reviewer = AssigneeOf(step, "reviewer");
                var task = WithMeeting(step, TaskOf(step, forms));
                var reviewerAccess = step["reviewerWrite"] is null && step["reviewerRead"] is null ? Access.None : AccessOf(step, "reviewerRead", "reviewerWrite");
                var next = String(step, "next");
                return author is null || reviewer is null || task is null || reviewerAccess is null || next is null
                    ? null
                    : new ReviewStep(id, title, author, reviewer, task, reviewerAccess, next);
            }

            case "confirmation":
            {
                var parties = Parties(step);
                var task = TaskOf(step, forms, accessRequired: false);
                var next = String(step, "next");
                var returnTo = OptionalString(step, "returnTo");
                return parties is null || task is null || next is null ? null : new ConfirmationStep(id, title, parties, task, next, returnTo);
            }

            case "decision":
            {
                var branches = Branches(step);
                var otherwise = String(step, "otherwise");
                return branches is null || otherwise is null ? null : new DecisionStep(id, title, branches, otherwise);
            }

            case "parallel":
            {
                var branches = Strings(step, "branches", minimum: 2);
                var join = String(step, "join");
                return branches is null || join is null ? null : new ParallelStep(id, title, branches, join);
            }

            case "join":
            {
                var next = String(step, "next");
                var awaits = Enum(step, "awaits", ["all", "first"], "all");
                return next is null || awaits is null ? null : new JoinStep(id, title, next, awaits == "first");
            }

            case "for-each":
            {
                var people = Condition(step, "people");
                var quorum = QuorumOf(step);
                var anonymous = step["anonymous"] is { } flag ? Bool(flag) : false;
                var task = TaskOf(step, forms);
                var next = String(step, "next");
                return people is null || quorum is null || anonymous is null || task is null || next is null
                    ? null
                    : new ForEachStep(id, title, people, quorum, anonymous.Value, task, next);
            }

            case "wait":
            {
                var duration = step["for"] is null ? null : DurationOf(step, "for");
                var until = step["until"] is null ? null : DateOf(step, "until");
                if (step["for"] is null == step["until"] is null)
                {
                    Add("process.missing-member", step, "等待步骤需要 for（时长）或 until（时间）之一", "A wait step takes either for (a duration) or until (a time)");
                    return null;
                }

                var next = String(step, "next");
                return next is null || (duration is null && until is null) ? null : new WaitStep(id, title, duration, until, next);
            }

            case "recurring":
            {
                var assignee = AssigneeOf(step, "assignee");
                var everyFrom = step["every"] is JObject choice ? PeriodFromFieldOf(choice, forms) : null;
                var every = step["every"] is JObject ? everyFrom?.Default ?? Duration.Zero : Period(step, "every");
                var count = Integer(step, "count", 1, 120);
                var task = TaskOf(step, forms);
                var (reviewer, reviewerAccess) = OccurrenceReviewer(step);
                var next = String(step, "next");
                var startOn = StartOnOf(step, everyFrom, every);
                return assignee is null || every is null || (step["every"] is JObject && everyFrom is null) || count is null || task is null || reviewerAccess is null || next is null
                    ? null
                    : new RecurringStep(id, title, assignee, every.Value, count.Value, task, next) { EveryFrom = everyFrom, Reviewer = reviewer, ReviewerAccess = reviewerAccess, StartOn = startOn };
            }

            case "notify":
            {
                var message = Text(step, "message", required: true);
                var to = Assignees(step, "to");
                var next = String(step, "next");
                return message is null || to is null || next is null ? null : new NotifyStep(id, title, message, to, next);
            }

            case "announce":
            {
                var description = Text(step, "description", required: false);
                var rating = FormFieldOf(step, "rating", "record.overall_rating", forms);
                var consent = FormFieldOf(step, "consent", "record.recognition_consent", forms);
                var labels = LabelsOf(step);
                var next = String(step, "next");
                return rating is null || consent is null || labels is null || next is null
                    ? null
                    : new AnnounceStep(id, title, rating, consent, next) { Description = description, Labels = labels };
            }

            case "start-process":
            {
                var process = Identifier(step, "process");
                var carry = CarryOf(step);
                var next = String(step, "next");
                return process is null || carry is null || next is null ? null : new StartProcessStep(id, title, process, next) { Carry = carry };
            }

            case "end":
                return new EndStep(id, title);
            default:
                Add("process.unknown-kind", step["kind"]!, $"未知的步骤类型「{kind}」；可用：{Kinds}", $"Unknown step kind \"{kind}\"; use one of: {Kinds}");
                return null;
        }
    }

    private const string Kinds = "form, approval, review, confirmation, decision, parallel, join, for-each, wait, recurring, notify, announce, start-process, end";

    // "record.overall_rating": a top-level field of a form the process declares.
    private FormFieldName? FormFieldOf(JObject step, string name, string example, IReadOnlyDictionary<string, FormReference>? forms)
    {
        var text = String(step, name);
        if (text is null)
        {
            return null;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !IsIdentifier(text[..dot]) || FieldPath.Parse(text[(dot + 1)..]) is not { Segments: [(_, false)] })
        {
            Add("process.wrong-type", step[name]!, $"{name}「{text}」应写作「表单名.字段」，如 {example}", $"{name} \"{text}\" should be written \"form.field\", such as {example}");
            return null;
        }

        if (forms is not null && !forms.ContainsKey(text[..dot]))
        {
            Add("process.unknown-form", step[name]!, $"表单「{text[..dot]}」未在 forms 中声明", $"The form \"{text[..dot]}\" is not declared in forms");
            return null;
        }

        return new FormFieldName(text[..dot], text[(dot + 1)..]);
    }

    // { "5": { "zh-CN": "远超预期", "en": "Far exceeded expectations" } }: how values of a field read; absent: none.
    private Dictionary<string, LocalizedText>? LabelsOf(JObject step)
    {
        var labels = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        if (step["labels"] is null)
        {
            return labels;
        }

        if (step["labels"] is not JObject map)
        {
            Add("process.wrong-type", step["labels"]!, "labels 必须是对象：取值 → 文本，如 {\"5\": {\"zh-CN\": \"远超预期\", \"en\": \"Far exceeded expectations\"}}", "labels must be an object giving values a text, such as {\"5\": {\"zh-CN\": \"远超预期\", \"en\": \"Far exceeded expectations\"}}");
            return null;
        }

        foreach (var value in map.Properties())
        {
            if (Text(map, value.Name, required: true) is not { } label)
            {
                return null;
            }

            labels[value.Name] = label;
        }

        return labels;
    }

    // Every member that names a step must name one that exists.
    private void CheckReferences(JObject step, JObject steps)
    {
        foreach (var name in (string[])["next", "returnTo", "otherwise", "join"])
        {
            if (step[name] is JValue { Type: JTokenType.String } value && !steps.ContainsKey((string)value!))
            {
                Add("process.unknown-step", value, $"步骤「{(string)value!}」不存在", $"The step \"{(string)value!}\" does not exist");
            }
        }

        foreach (var value in (step["branches"] as JArray ?? []).Select(b => b is JObject branch ? branch["next"] : b).OfType<JValue>())
        {
            if (value.Type == JTokenType.String && !steps.ContainsKey((string)value!))
            {
                Add("process.unknown-step", value, $"步骤「{(string)value!}」不存在", $"The step \"{(string)value!}\" does not exist");
            }
        }
    }

    private TaskSpec? TaskOf(JObject step, IReadOnlyDictionary<string, FormReference>? forms, bool accessRequired = true)
    {
        var form = String(step, "form");
        if (form is not null && forms is not null && !forms.ContainsKey(form))
        {
            Add("process.unknown-form", step["form"]!, $"表单「{form}」未在 forms 中声明", $"The form \"{form}\" is not declared in forms");
            form = null;
        }

        var access = accessRequired || step["write"] is not null ? AccessOf(step, "read", "write") : Access.None;
        var due = step["due"] is null ? null : DeadlineOf(step["due"]!);
        var reminders = new List<Reminder>();
        if (step["reminders"] is { } remindersToken)
        {
            if (remindersToken is not JArray array)
            {
                Add("process.wrong-type", remindersToken, "reminders 必须是数组", "reminders must be an array");
                return null;
            }

            foreach (var item in array)
            {
                if (ReminderOf(item) is { } reminder)
                {
                    reminders.Add(reminder);
                }
                else
                {
                    return null;
                }
            }
        }

        var escalation = step["escalation"] is null ? null : EscalationOf(step["escalation"]!);
        var visibleToSubject = step["visibleToSubject"] is null ? null : ReadGrantOf(step["visibleToSubject"]!, "visibleToSubject");
        var visibleTo = step["visibleTo"] is null ? new Dictionary<string, ReadGrant>(StringComparer.Ordinal) : OverseerGrantsOf(step["visibleTo"]!);
        if ((step["due"] is not null && due is null) || (step["escalation"] is not null && escalation is null) || (step["visibleToSubject"] is not null && visibleToSubject is null) || visibleTo is null)
        {
            return null;
        }

        var dateReminders = step[DateRemindersMember] is { } datesToken ? DateRemindersOf(datesToken, forms) : [];
        var alerts = step[AlertsMember] is { } alertsToken ? AlertsOf(alertsToken, forms) : [];
        if (dateReminders is null || alerts is null)
        {
            return null;
        }

        return form is null || access is null ? null : new TaskSpec(form, access, due, reminders, escalation) { VisibleToSubject = visibleToSubject, VisibleTo = visibleTo, DateReminders = dateReminders, Alerts = alerts };
    }

    // [{ "field": "result_goals[].deadline", "text": "result_goals[].specific", "before": "P3D", "to": ["subject", "manager"] }]
    private List<DateReminder>? DateRemindersOf(JToken token, IReadOnlyDictionary<string, FormReference>? forms)
    {
        if (token is not JArray array)
        {
            Add("process.wrong-type", token, "dateReminders 必须是数组", "dateReminders must be an array");
            return null;
        }

        var result = new List<DateReminder>();
        foreach (var item in array)
        {
            if (item is not JObject reminder)
            {
                Add("process.wrong-type", item, "日期提醒必须是对象，如 {\"field\": \"goals[].deadline\", \"before\": \"P3D\", \"to\": [\"subject\"]}", "A date reminder is an object such as {\"field\": \"goals[].deadline\", \"before\": \"P3D\", \"to\": [\"subject\"]}");
                return null;
            }

            OnlyKnownMembers(reminder, ["field", "text", "before", "after", "to", "support"]);
            if (reminder["before"] is not null && reminder["after"] is not null)
            {
                Add("process.date-before-and-after", reminder["after"]!, "日期提醒只能写 before（日期前提醒）或 after（逾期后提醒）之一", "A date reminder takes before (a reminder ahead of the date) or after (an alert once it is overdue), not both");
                return null;
            }

            var field = FieldPathOf(reminder, "field");
            var text = reminder["text"] is null ? null : FieldPathOf(reminder, "text");
            var before = reminder["before"] is null ? Duration.Zero : NonNegative(reminder, "before");
            var after = reminder["after"] is null ? null : NonNegative(reminder, "after");
            var support = reminder["support"] is null ? null : FormFieldOf(reminder, "support", forms);
            var to = Assignees(reminder, "to");
            if (field is null || (reminder["text"] is not null && text is null) || before is null || (reminder["after"] is not null && after is null)
                || (reminder["support"] is not null && support is null) || to is null)
            {
                return null;
            }

            result.Add(new DateReminder(field, before.Value, to, text) { After = after, Support = support });
        }

        return result;
    }

    // [{ "field": "goals[].status", "is": ["off-track"], "text": "goals[].goal", "to": ["manager"], "support": "pip.manager_support[].commitment" }]
    private List<ItemAlert>? AlertsOf(JToken token, IReadOnlyDictionary<string, FormReference>? forms)
    {
        if (token is not JArray array)
        {
            Add("process.wrong-type", token, "alerts 必须是数组", "alerts must be an array");
            return null;
        }

        var result = new List<ItemAlert>();
        foreach (var item in array)
        {
            if (item is not JObject alert)
            {
                Add("process.wrong-type", item, "提醒规则必须是对象，如 {\"field\": \"goals[].status\", \"is\": [\"off-track\"], \"to\": [\"manager\"]}", "An alert is an object such as {\"field\": \"goals[].status\", \"is\": [\"off-track\"], \"to\": [\"manager\"]}");
                return null;
            }

            OnlyKnownMembers(alert, ["field", "is", "text", "to", "support"]);
            var field = FieldPathOf(alert, "field");
            var values = Strings(alert, "is", minimum: 1);
            var text = alert["text"] is null ? null : FieldPathOf(alert, "text");
            var support = alert["support"] is null ? null : FormFieldOf(alert, "support", forms);
            var to = Assignees(alert, "to");
            if (field is null || values is null || (alert["text"] is not null && text is null) || (alert["support"] is not null && support is null) || to is null)
            {
                return null;
            }

            result.Add(new ItemAlert(field, values, text, to, support));
        }

        return result;
    }

    // "pip.manager_support[].commitment": a form the process declares, then a field path in it.
    private FormField? FormFieldOf(JObject owner, string name, IReadOnlyDictionary<string, FormReference>? forms)
    {
        var text = String(owner, name);
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (text is null)
        {
            return null;
        }

        if (dot <= 0 || !IsIdentifier(text[..dot]) || FieldPath.Parse(text[(dot + 1)..]) is not { } path)
        {
            Add("process.wrong-type", owner[name]!, $"「{text}」应写作「表单名.字段路径」，如 pip.manager_support[].commitment", $"\"{text}\" should be written \"form.field path\", such as pip.manager_support[].commitment");
            return null;
        }

        if (forms is not null && !forms.ContainsKey(text[..dot]))
        {
            Add("process.unknown-form", owner[name]!, $"表单「{text[..dot]}」未在 forms 中声明", $"The form \"{text[..dot]}\" is not declared in forms");
            return null;
        }

        return new FormField(text[..dot], path);
    }

    private FieldPath? FieldPathOf(JObject owner, string name)
    {
        var text = String(owner, name);
        if (text is null)
        {
            return null;
        }

        var path = FieldPath.Parse(text);
        if (path is null)
        {
            Add("process.wrong-type", owner[name]!, $"「{text}」不是字段路径，应写作模板 fields 中的形式，如 deadline、result_goals[].deadline", $"\"{text}\" is not a field path; write it as the template's fields keys do, such as deadline or result_goals[].deadline");
        }

        return path;
    }

    // A recurring period above zero: "P1M".
    private Duration? Period(JObject owner, string name)
    {
        var period = DurationOf(owner, name);
        if (period is { } value && (value.IsNegative || value.IsZero))
        {
            Add("process.bad-duration", owner[name]!, "重复间隔必须大于零", "The period must be longer than zero");
            return null;
        }

        return period;
    }

    // { "field": "pip.checkpoint_frequency", "map": { "monthly": "P1M", "biweekly": "P14D" }, "default": "P1M" }
    private PeriodFromField? PeriodFromFieldOf(JObject every, IReadOnlyDictionary<string, FormReference>? forms)
    {
        OnlyKnownMembers(every, ["field", "map", "default"]);
        var field = String(every, "field");
        var dot = field?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (field is not null && (dot <= 0 || !IsIdentifier(field[..dot]) || FieldPath.Parse(field[(dot + 1)..]) is not { Segments: [(_, false)] }))
        {
            Add("process.wrong-type", every["field"]!, $"「{field}」应写作「表单名.字段」，如 pip.checkpoint_frequency", $"\"{field}\" should be written \"form.field\", such as pip.checkpoint_frequency");
            return null;
        }

        if (field is not null && forms is not null && !forms.ContainsKey(field[..dot]))
        {
            Add("process.unknown-form", every["field"]!, $"表单「{field[..dot]}」未在 forms 中声明", $"The form \"{field[..dot]}\" is not declared in forms");
            return null;
        }

        if (every["map"] is not JObject map || !map.HasValues)
        {
            Add(every["map"] is null ? "process.missing-member" : "process.wrong-type", (JToken?)every["map"] ?? every, "map 必须是非空对象：字段的每个取值对应一个间隔，如 {\"monthly\": \"P1M\"}", "map must be a non-empty object giving each value of the field a period, such as {\"monthly\": \"P1M\"}");
            return null;
        }

        var periods = new Dictionary<string, Duration>(StringComparer.Ordinal);
        foreach (var option in map.Properties())
        {
            if (Period(map, option.Name) is not { } period)
            {
                return null;
            }

            periods[option.Name] = period;
        }

        var fallback = every["default"] is null ? null : Period(every, "default");
        return field is null || (every["default"] is not null && fallback is null)
            ? null
            : new PeriodFromField(field[..dot], field[(dot + 1)..], periods, fallback);
    }

    // { "manager": { "read": [...] }, "hrbp": { "read": [...], "when": "<condition>" } }: what those overseeing the
    // subject read of the step's form, by relation.
    private Dictionary<string, ReadGrant>? OverseerGrantsOf(JToken token)
    {
        if (token is not JObject grants)
        {
            Add("process.wrong-type", token, "visibleTo 必须是对象，如 {\"manager\": {\"read\": \"*\"}}", "visibleTo must be an object such as {\"manager\": {\"read\": \"*\"}}");
            return null;
        }

        var result = new Dictionary<string, ReadGrant>(StringComparer.Ordinal);
        foreach (var property in grants.Properties())
        {
            if (!Assignee.Overseers.Contains(property.Name, StringComparer.Ordinal))
            {
                Add("process.bad-assignee", property, $"visibleTo 不能给「{property.Name}」；可用：{string.Join(", ", Assignee.Overseers)}", $"visibleTo cannot name \"{property.Name}\"; use one of: {string.Join(", ", Assignee.Overseers)}");
                return null;
            }

            if (ReadGrantOf(property.Value, "visibleTo." + property.Name) is not { } grant)
            {
                return null;
            }

            result[property.Name] = grant;
        }

        return result;
    }

    // { "read": [...] or "*", "when": "<condition>" }: what someone reads of the step's form, and when.
    private ReadGrant? ReadGrantOf(JToken token, string name)
    {
        if (token is not JObject shown)
        {
            Add("process.wrong-type", token, $"{name} 必须是对象，如 {{\"read\": [\"entry\"], \"when\": \"...\"}}", $"{name} must be an object such as {{\"read\": [\"entry\"], \"when\": \"...\"}}");
            return null;
        }

        OnlyKnownMembers(shown, ["read", "when"]);
        if (shown["read"] is null)
        {
            Missing(shown, "read");
            return null;
        }

        var access = AccessOf(shown, "read", "write");
        var when = shown["when"] is null ? null : Condition(shown, "when");
        return access is null || (shown["when"] is not null && when is null) ? null : new ReadGrant(access, when);
    }

    // A recurring step's reviewer of each occurrence: who, and what they read (every section unless reviewerRead says
    // otherwise: they follow up on everything the occurrence holds) and write. Without a reviewer there is nothing to
    // read or write for one, and reviewerRead or reviewerWrite alone is a mistake.
    private static readonly string[] ReviewerMembers = ["reviewerRead", "reviewerWrite"];

    private (Assignee? Reviewer, Access? Access) OccurrenceReviewer(JObject step)
    {
        if (step["reviewer"] is null)
        {
            foreach (var name in ReviewerMembers.Where(n => step[n] is not null))
            {
                Add("process.missing-member", step[name]!, $"{name} 需要同时写明 reviewer（谁跟进每次 Check-in）", $"{name} needs a reviewer (who follows up each occurrence)");
                return (null, null);
            }

            return (null, Access.None);
        }

        var reviewer = AssigneeOf(step, "reviewer");
        var access = step["reviewerRead"] is null ? Strings(step, "reviewerWrite", minimum: 0) is { } write ? new Access([], write, true) : null : AccessOf(step, "reviewerRead", "reviewerWrite");
        return reviewer is null || access is null ? (null, null) : (reviewer, access);
    }

    private Access? AccessOf(JObject step, string readName, string writeName)
    {
        var write = Strings(step, writeName, minimum: 0);
        if (write is null)
        {
            return null;
        }

        if (step[readName] is JValue { Type: JTokenType.String } all && (string)all! == "*")
        {
            return new Access([], write, true);
        }

        var read = step[readName] is null ? [] : Strings(step, readName, minimum: 0);
        return read is null ? null : new Access([.. read.Union(write, StringComparer.Ordinal)], write, false);
    }

    private List<Party>? Parties(JObject step)
    {
        var token = Member<JArray>(step, "parties", "an array of parties / 确认方数组");
        if (token is null)
        {
            return null;
        }

        if (token.Count < 2)
        {
            Add("process.wrong-type", token, "确认至少需要两方", "A confirmation needs at least two parties");
            return null;
        }

        var parties = new List<Party>();
        foreach (var item in token)
        {
            if (item is not JObject party)
            {
                Add("process.wrong-type", item, "确认方必须是形如 {\"assignee\": \"subject\", \"write\": [...]} 的对象", "A party is an object such as {\"assignee\": \"subject\", \"write\": [...]}");
                return null;
            }

            OnlyKnownMembers(party, ["assignee", "read", "write"]);
            var assignee = AssigneeOf(party, "assignee");
            var access = AccessOf(party, "read", "write");
            if (assignee is null || access is null)
            {
                return null;
            }

            parties.Add(new Party(assignee, access));
        }

        return parties;
    }

    private List<Branch>? Branches(JObject step)
    {
        var token = Member<JArray>(step, "branches", "an array of {when, next} / {when, next} 数组");
        if (token is null)
        {
            return null;
        }

        var branches = new List<Branch>();
        foreach (var item in token)
        {
            if (item is not JObject branch)
            {
                Add("process.wrong-type", item, "分支必须是形如 {\"when\": \"...\", \"next\": \"...\"} 的对象", "A branch is an object such as {\"when\": \"...\", \"next\": \"...\"}");
                return null;
            }

            OnlyKnownMembers(branch, ["when", "next"]);
            var when = Condition(branch, "when");
            var next = String(branch, "next");
            if (when is null || next is null)
            {
                return null;
            }

            branches.Add(new Branch(when, next));
        }

        return branches;
    }

    private FormExpression? Condition(JObject owner, string name)
    {
        var source = String(owner, name);
        if (source is null)
        {
            return null;
        }

        var (expression, errors) = FormExpression.Parse(source, ConditionRoots);
        foreach (var error in errors)
        {
            var token = owner[name]!;
            var (line, column) = TemplateJson.PositionOf(token);
            findings.Add(new LintFinding(
                "expression.syntax",
                LintSeverity.Error,
                TemplateJson.PathOf(token),
                new LocalizedText($"表达式第 {error.Line} 行第 {error.Column} 列：{error.Message}", $"Expression line {error.Line}, column {error.Column}: {error.Message}"),
                line,
                column));
        }

        return expression;
    }

    private Quorum? QuorumOf(JObject step)
    {
        switch (step["complete"])
        {
            case null:
                return Quorum.Every;
            case JValue { Type: JTokenType.String } value when (string)value! == "all":
                return Quorum.Every;
            case JValue { Type: JTokenType.String } value when (string)value! == "any":
                return new Quorum(1, false);
            // Json.NET reads an integer past a long as a BigInteger: the pattern lets it through to the finding below.
            case JValue { Type: JTokenType.Integer, Value: long count } when count is >= 1 and <= 1000:
                return new Quorum((int)count, false);
            case var other:
                Add("process.wrong-type", other, "complete 必须是 \"all\"、\"any\" 或一个正整数", "complete must be \"all\", \"any\" or a positive whole number");
                return null;
        }
    }

    private Deadline? DeadlineOf(JToken token)
    {
        if (token is not JObject due)
        {
            Add("process.wrong-type", token, "due 必须是对象，如 {\"after\": \"P14D\"}", "due must be an object such as {\"after\": \"P14D\"}");
            return null;
        }

        OnlyKnownMembers(due, ["at", "from", "after", "before"]);
        if (due["at"] is not null)
        {
            return DateOf(due, "at") is { } at ? new Deadline(DeadlineAnchor.Fixed, Duration.Zero, at) : null;
        }

        var from = Enum(due, "from", ["step", "cycle-start", "cycle-end"], "step");
        if (from is null)
        {
            return null;
        }

        if (from == "cycle-end")
        {
            var before = due["before"] is null ? Duration.Zero : NonNegative(due, "before");
            return before is null ? null : new Deadline(DeadlineAnchor.CycleEnd, before.Value.Negate());
        }

        var after = NonNegative(due, "after");
        if (after is null)
        {
            return null;
        }

        return new Deadline(from == "step" ? DeadlineAnchor.StepStart : DeadlineAnchor.CycleStart, after.Value);
    }

    private Reminder? ReminderOf(JToken token)
    {
        if (token is JObject reminder && (reminder["before"] is null) != (reminder["after"] is null))
        {
            OnlyKnownMembers(reminder, ["before", "after"]);
            var before = reminder["before"] is not null;
            var offset = DurationOf(reminder, before ? "before" : "after");
            return offset is null ? null : new Reminder(offset.Value, before);
        }

        Add("process.wrong-type", token, "提醒必须是 {\"before\": \"P2D\"}（截止前）或 {\"after\": \"P7D\"}（开始后）", "A reminder is {\"before\": \"P2D\"} (before due) or {\"after\": \"P7D\"} (after the start)");
        return null;
    }

    private Escalation? EscalationOf(JToken token)
    {
        if (token is not JObject escalation)
        {
            Add("process.wrong-type", token, "escalation 必须是对象，如 {\"action\": \"copy-superior\"}", "escalation must be an object such as {\"action\": \"copy-superior\"}");
            return null;
        }

        OnlyKnownMembers(escalation, ["after", "action"]);
        var after = escalation["after"] is null ? Duration.Zero : NonNegative(escalation, "after");
        var action = Enum(escalation, "action", ["copy-superior", "reassign-superior"], null);
        return after is null || action is null
            ? null
            : new Escalation(after.Value, action == "copy-superior" ? EscalationAction.CopySuperior : EscalationAction.ReassignSuperior);
    }

    private Assignee? AssigneeOf(JObject owner, string name)
    {
        var text = String(owner, name);
        if (text is null)
        {
            return null;
        }

        var assignee = Assignee.Parse(text);
        if (assignee is null)
        {
            Add("process.bad-assignee", owner[name]!, $"无法识别的处理人「{text}」；可用：{string.Join(", ", Assignee.Relations)}, role:名称, person:员工编号", $"Unknown assignee \"{text}\"; use one of: {string.Join(", ", Assignee.Relations)}, role:NAME, person:EMPLOYEE_ID");
        }

        return assignee;
    }

    private List<Assignee>? Assignees(JObject owner, string name)
    {
        var texts = Strings(owner, name, minimum: 1);
        if (texts is null)
        {
            return null;
        }

        var result = new List<Assignee>();
        var array = (JArray)owner[name]!;
        for (var i = 0; i < texts.Count; i++)
        {
            if (Assignee.Parse(texts[i]) is { } assignee)
            {
                result.Add(assignee);
            }
            else
            {
                Add("process.bad-assignee", array[i], $"无法识别的处理人「{texts[i]}」；可用：{string.Join(", ", Assignee.Relations)}, role:名称, person:员工编号", $"Unknown assignee \"{texts[i]}\"; use one of: {string.Join(", ", Assignee.Relations)}, role:NAME, person:EMPLOYEE_ID");
                return null;
            }
        }

        return result;
    }

    private Duration? DurationOf(JObject owner, string name)
    {
        var text = String(owner, name);
        if (text is null)
        {
            return null;
        }

        var duration = Duration.Parse(text);
        if (duration is null)
        {
            Add("process.bad-duration", owner[name]!, $"「{text}」不是 ISO 8601 时长，应写作 P14D、PT24H、P1M", $"\"{text}\" is not an ISO 8601 duration; write P14D, PT24H, P1M");
        }

        return duration;
    }

    private Duration? NonNegative(JObject owner, string name)
    {
        var duration = DurationOf(owner, name);
        if (duration is { IsNegative: true })
        {
            Add("process.bad-duration", owner[name]!, $"{name} 不能为负；要提前请用 before", $"{name} cannot be negative; use before for a time ahead");
            return null;
        }

        return duration;
    }

    private DateTimeOffset? DateOf(JObject owner, string name)
    {
        var text = String(owner, name);
        if (text is null)
        {
            return null;
        }

        if (text.Length >= 20 && DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return at;
        }

        Add("process.bad-date", owner[name]!, $"「{text}」不是带时区的日期时间，应写作 2027-01-15T18:00:00+08:00", $"\"{text}\" is not a date-time with an offset; write 2027-01-15T18:00:00+08:00");
        return null;
    }

    private int? Integer(JObject owner, string name, int minimum, int maximum)
    {
        if (owner[name] is JValue { Type: JTokenType.Integer, Value: long value } && value >= minimum && value <= maximum)
        {
            return (int)value;
        }

        if (owner[name] is null)
        {
            Missing(owner, name);
        }
        else
        {
            Add("process.wrong-type", owner[name]!, $"{name} 必须是 {minimum} 到 {maximum} 之间的整数", $"{name} must be a whole number from {minimum} to {maximum}");
        }

        return null;
    }

    private bool? Bool(JToken token)
    {
        if (token.Type == JTokenType.Boolean)
        {
            return (bool)token;
        }

        Add("process.wrong-type", token, "必须是 true 或 false", "must be true or false");
        return null;
    }

    private string? Enum(JObject owner, string name, string[] allowed, string? fallback)
    {
        if (owner[name] is null && fallback is not null)
        {
            return fallback;
        }

        var text = String(owner, name);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            Add("process.wrong-type", owner[name]!, $"{name} 必须是以下之一：{string.Join(", ", allowed)}", $"{name} must be one of: {string.Join(", ", allowed)}");
            return null;
        }

        return text;
    }

    private List<string>? Strings(JObject owner, string name, int minimum)
    {
        var token = owner[name];
        if (token is null)
        {
            if (minimum == 0)
            {
                return [];
            }

            Missing(owner, name);
            return null;
        }

        if (token is not JArray array || array.Any(item => item.Type != JTokenType.String) || array.Count < minimum)
        {
            Add("process.wrong-type", token, minimum > 0 ? $"{name} 必须是至少 {minimum} 个字符串的数组" : $"{name} 必须是字符串数组", minimum > 0 ? $"{name} must be an array of at least {minimum} string(s)" : $"{name} must be an array of strings");
            return null;
        }

        return [.. array.Select(item => (string)item!)];
    }

    private string? Identifier(JObject owner, string name)
    {
        var text = String(owner, name);
        if (text is not null && !IsIdentifier(text))
        {
            Add("process.bad-key", owner[name]!, $"「{text}」只能包含小写字母、数字和连字符", $"\"{text}\" may contain only lower-case letters, digits and hyphens");
            return null;
        }

        return text;
    }

    private string? OptionalString(JObject owner, string name) => owner[name] is null ? null : String(owner, name);

    private string? String(JObject owner, string name)
    {
        switch (owner[name])
        {
            case null:
                Missing(owner, name);
                return null;
            case JValue { Type: JTokenType.String } value when ((string)value!).Length is > 0 and <= 2_000:
                return (string)value!;
            case var other:
                Add("process.wrong-type", other, $"{name} 必须是非空字符串", $"{name} must be a non-empty string");
                return null;
        }
    }

    private LocalizedText? Text(JObject owner, string name, bool required)
    {
        var token = owner[name];
        if (token is null)
        {
            if (required)
            {
                Missing(owner, name);
            }

            return null;
        }

        // A plain string is a text in one language: refused like a missing language, not read as an object.
        var zh = token is JObject ? token["zh-CN"] : null;
        var en = token is JObject ? token["en"] : null;
        if (zh is JValue { Type: JTokenType.String } && en is JValue { Type: JTokenType.String } && ((string)zh!).Length > 0 && ((string)en!).Length > 0)
        {
            return new LocalizedText((string)zh!, (string)en!);
        }

        Add("text.missing-language", token, $"{name} 必须同时有 zh-CN 和 en 文本", $"{name} needs both a zh-CN and an en text");
        return null;
    }

    private T? Member<T>(JObject owner, string name, string what)
        where T : JToken
    {
        switch (owner[name])
        {
            case null:
                Missing(owner, name);
                return null;
            case T value:
                return value;
            case var other:
                Add("process.wrong-type", other, $"{name} 必须是{what.Split(" / ")[1]}", $"{name} must be {what.Split(" / ")[0]}");
                return null;
        }
    }

    // A recurring step's weekday (startOn): its first occurrence opens on that day at 09:00 China Standard Time, and its
    // period must be whole weeks, else the later occurrences would leave the weekday.
    private DayOfWeek? StartOnOf(JObject step, PeriodFromField? everyFrom, Duration? every)
    {
        if (step["startOn"] is not { } token)
        {
            return null;
        }

        var names = System.Enum.GetNames<DayOfWeek>().Select(n => n.ToLowerInvariant()).ToList();
        if (token is not JValue { Type: JTokenType.String } value || names.IndexOf((string)value!) is var index && index < 0)
        {
            Add("process.start-on-unknown-day", token, $"startOn 须是一周中的一天：{string.Join(", ", names)}", $"startOn must be a day of the week: {string.Join(", ", names)}");
            return null;
        }

        var periods = everyFrom is null ? every is { } fixedPeriod ? [fixedPeriod] : Array.Empty<Duration>() : [.. everyFrom.Map.Values, .. everyFrom.Default is { } d ? [d] : Array.Empty<Duration>()];
        if (periods.Any(p => !IsWholeWeeks(p)))
        {
            Add("process.start-on-not-weeks", token, "按星期开始的周期步骤，间隔须是整周（如每 1 周、每 2 周；JSON 中写作 P7D、P14D、P2W）", "A recurring step that starts on a weekday repeats every whole number of weeks (every 1 week, every 2 weeks; P7D, P14D, P2W in JSON)");
            return null;
        }

        return (DayOfWeek)index;
    }

    private static bool IsWholeWeeks(Duration period) =>
        period.Months == 0 && period.Time > TimeSpan.Zero && period.Time.Ticks % TimeSpan.FromDays(7).Ticks == 0;

    private void Missing(JObject owner, string name) =>
        findings.Add(TemplateJson.Missing("process.missing-member", owner, name, new LocalizedText($"缺少 {name}", $"{name} is missing")));

    private void Add(string code, JToken token, string zh, string en) =>
        findings.Add(TemplateJson.Finding(code, token, new LocalizedText(zh, en)));

    public static bool IsIdentifier(string text) =>
        text.Length is > 0 and <= 64 && char.IsAsciiLetterLower(text[0]) && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
