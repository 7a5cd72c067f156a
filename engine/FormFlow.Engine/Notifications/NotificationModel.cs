using System.Globalization;
using System.Text.Json.Nodes;
using FormFlow.Organisation;
using FormFlow.Processes;
using FormFlow.Storage;
using FormFlow.Text;
using FormFlow.Workflows;
using Scriban.Runtime;

namespace FormFlow.Notifications;

/// <summary>A reviewer's comment as a notification shows it: the field's label in the recipient's language.</summary>
internal sealed record CommentModel(string Field, string Body, string Author);

/// <summary>
/// Everything a notification template sees (docs/notifications.md), already in the recipient's language. It holds
/// the recipient, the employee the process is about, the task and its reviewer's comments, the cycle and the process
/// — and nothing else: a template cannot read another employee's data because the model does not contain it. Every
/// object is always present; what an event does not have is null (<c>{{ if task.due }}</c>).
/// </summary>
internal sealed record NotificationModel
{
    /// <summary>The organisation's time (China Standard Time): notices show times in it, and dates written in forms are reminded in it.</summary>
    internal static readonly TimeZoneInfo Shanghai = ShanghaiTime();

    public required string RecipientId { get; init; }

    public required string Email { get; init; }

    /// <summary><c>zh-CN</c> or <c>en</c>.</summary>
    public required string Locale { get; init; }

    /// <summary>The event of the outbox message (<c>task.overdue</c>), also for someone copied.</summary>
    public required string Event { get; init; }

    public required bool IsCopy { get; init; }

    public required string RecipientName { get; init; }

    public string? SubjectName { get; init; }

    public string? SubjectDepartment { get; init; }

    public string? TaskTitle { get; init; }

    public string? TaskForm { get; init; }

    public string? TaskDue { get; init; }

    public string? TaskLink { get; init; }

    public IReadOnlyList<CommentModel> Comments { get; init; } = [];

    public string? Reason { get; init; }

    public string? Message { get; init; }

    public string? CycleName { get; init; }

    public string? CycleEnds { get; init; }

    public string? ProcessTitle { get; init; }

    public string? CopyOfName { get; init; }

    /// <summary>For a return or an approval: the title of the step where it was decided.</summary>
    public string? DecisionStep { get; init; }

    /// <summary>Who returned or approved it.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>Whether the recipient decided it themselves (a party who returned a record they then revise).</summary>
    public bool DecidedByYou { get; init; }

    /// <summary>For a return: which return to the recipient's step this is (1 for the first), the round of the loop it ended.</summary>
    public int? Round { get; init; }

    /// <summary>A meeting's invitation, update or cancellation, as this recipient reads it; null for other events.</summary>
    public MeetingNotice? Meeting { get; init; }
    /// <summary>For a date reminder: the date's field as labels in the recipient's language (结果目标 › 完成期限).</summary>
    public string? ReminderField { get; init; }

    /// <summary>For a date reminder: the text of the item the date belongs to (the goal), when the recipient reads it.</summary>
    public string? ReminderItem { get; init; }

    /// <summary>For a date reminder: the date, for the locale (2027年3月15日 / 15 Mar 2027), when the recipient reads it.</summary>
    public string? ReminderDate { get; init; }

    /// <summary>For an off-track alert: the items handed in off track, when the recipient reads them.</summary>
    public IReadOnlyList<string> AlertItems { get; init; } = [];

    /// <summary>For an off-track or overdue alert: the plan's support actions, when the recipient reads them.</summary>
    public IReadOnlyList<string> AlertSupport { get; init; } = [];

    /// <summary>For an alert: the instance's page, when the recipient sees the instance (an alert is about a plan, not a task of theirs).</summary>
    public string? AlertLink { get; init; }

    /// <summary>For an announcement: the rating's field as labelled in the recipient's language (综合评分).</summary>
    public string? RecognitionField { get; init; }

    /// <summary>For an announcement: the rating as the step labels its value (远超预期), else the value itself.</summary>
    public string? RecognitionRating { get; init; }

    /// <summary>For an announcement: the rating's value as the form holds it (5).</summary>
    public string? RecognitionValue { get; init; }

    /// <summary>For a threshold warning: the indicator, its unit and threshold, which side is better (worded), the values of the breach, and the board's link.</summary>
    public KpiNotice? Kpi { get; init; }

    /// <summary>
    /// The model of one outbox message for one of its recipients (the recipient or someone copied), from the
    /// payload and the rows it names, through the rule of who sees what (<see cref="Visibility"/>) for the recipient —
    /// and, when <paramref name="readerId"/> is someone else (an administrator previewing it), as far as they may see
    /// it too. Throws when <paramref name="recipientId"/> is neither: a notice is never rendered for someone it was
    /// not meant for.
    /// </summary>
    public static async Task<NotificationModel> BuildAsync(UnitOfWork work, OutboxMessage message, string recipientId, string baseUrl, string? locale = null, string? readerId = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(baseUrl);
        var payload = JsonNode.Parse(message.Payload)!.AsObject();
        var addressee = Text(payload, "recipient") ?? message.Recipient;
        var copied = payload["cc"] is JsonArray cc && cc.Any(c => c?.GetValue<string>() == recipientId);
        var isCopy = recipientId != addressee;
        if (isCopy && !copied)
        {
            throw new InvalidOperationException($"{recipientId} is neither the recipient nor copied on outbox message {message.Id}");
        }

        var recipient = await OrganisationStore.FindPersonAsync(work, recipientId)
            ?? throw new InvalidOperationException($"the recipient {recipientId} of outbox message {message.Id} is not in the organisation");
        // A preview shows both languages; a mail goes out in the recipient's.
        locale = NotificationTemplate.LanguageOf(locale ?? recipient.Locale);
        var @event = Text(payload, "event") ?? throw new InvalidOperationException($"outbox message {message.Id} names no event");

        var subject = Text(payload, "subjectId") is { } subjectId ? await OrganisationStore.FindPersonAsync(work, subjectId) : null;
        var department = subject?.DepartmentId is { } departmentId ? await OrganisationStore.FindDepartmentAsync(work, departmentId) : null;
        var process = Text(payload, "process") is { } processKey && payload["processVersion"]?.GetValue<int>() is { } version
            ? await ProcessCatalog.ProcessAsync(work, processKey, version)
            : null;
        var step = Text(payload, "step") is { } stepId && process is not null ? process.Steps.GetValueOrDefault(stepId) : null;
        var form = step is not null && StepTasks.SpecOf(step) is { } spec && process is not null ? await ProcessCatalog.FormAsync(work, process, spec.Form) : null;
        var taskId = Text(payload, "taskId");
        var cycle = Text(payload, "cycleId") is { } cycleId ? await CycleStore.FindAsync(work, cycleId) : null;
        var copyOf = isCopy ? await OrganisationStore.FindPersonAsync(work, addressee) : null;

        // What the recipient sees of the instance decides what the notice may carry about it.
        var instance = Text(payload, "instanceId") is { } instanceId ? await InstanceStore.FindAsync(work, instanceId) : null;
        var run = instance is null ? null : await Run.OpenAsync(work, instance, DateTimeOffset.FromUnixTimeMilliseconds(message.CreatedAt), recipientId);
        var sight = run is null ? null : await Visibility.ForAsync(work, run, recipientId);
        if (sight is not null && readerId is not null)
        {
            sight = await sight.AsFarAsAsync(work, readerId);
        }

        var showsSubject = subject is not null && (subject.Id == recipientId || sight?.SeesInstance == true);
        var decision = run is not null && sight is not null && !isCopy
            ? await DecisionAsync(work, run, sight, payload, message, locale, recipientId)
            : null;

        var meeting = await MeetingNotice.BuildAsync(work, payload, recipientId, locale, showsSubject ? subject!.Name.For(locale) : null, baseUrl, message.CreatedAt);
        // A date reminder shows the date and its item only to a recipient who reads the field on screen.
        var datePointer = @event is NoticeEvent.DateReminder or NoticeEvent.ActionOverdue ? Text(payload, "field") : null;
        var readsDate = datePointer is not null && form is not null && sight is not null && step is not null
            && sight.Form(StepTasks.SpecOf(step)!.Form, form)?.Readable.Contains(TaskDesk.TopLevelField(datePointer)) == true;

        // An alert lists the items and the plan's support actions only to a recipient who reads them on screen.
        var alertField = @event == NoticeEvent.OffTrack && Processes.FieldPath.Parse(Text(payload, "field")) is { } alertPath ? alertPath : null;
        var readsItems = alertField is not null && form is not null && sight is not null && step is not null
            && sight.Form(StepTasks.SpecOf(step)!.Form, form)?.Readable.Contains(alertField.TopLevel) == true;
        var readsSupport = false;
        if (Text(payload, "supportField") is { } supportText && supportText.IndexOf('.', StringComparison.Ordinal) is var dot and > 0
            && Processes.FieldPath.Parse(supportText[(dot + 1)..]) is { } supportPath && process is not null && sight is not null
            && await ProcessCatalog.FormAsync(work, process, supportText[..dot]) is { } supportTemplate)
        {
            readsSupport = sight.Form(supportText[..dot], supportTemplate)?.Readable.Contains(supportPath.TopLevel) == true;
        }

        // An announcement names the rating the subject agreed to share, and nothing else of the form.
        var announce = @event == NoticeEvent.RecognitionAnnounced ? step as AnnounceStep : null;
        var ratingValue = announce is null ? null : payload["rating"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            JsonValue value => value.ToJsonString(),
            _ => null,
        };
        var ratingForm = announce is not null && process is not null ? await ProcessCatalog.FormAsync(work, process, announce.Rating.Form) : null;

        return new NotificationModel
        {
            Kpi = @event == NoticeEvent.KpiThresholdWarning && payload["kpi"] is JsonObject kpi && showsSubject ? KpiNotice.Of(kpi, locale, baseUrl, subject!.Id) : null,
            AlertLink = @event is NoticeEvent.OffTrack or NoticeEvent.ActionOverdue && instance is not null && run is not null && sight?.SeesInstance == true
                ? AlertLinkOf(baseUrl, run, instance.Id, recipientId)
                : null,
            AlertItems = readsItems && payload["items"] is JsonArray alertItems ? [.. alertItems.Select(i => (string?)i).OfType<string>()] : [],
            AlertSupport = readsSupport && payload["support"] is JsonArray support ? [.. support.Select(i => (string?)i).OfType<string>()] : [],
            RecognitionField = announce is null ? null : ratingForm?.LabelOf(announce.Rating.Field)?.For(locale) ?? announce.Rating.Field,
            RecognitionRating = ratingValue is null ? null : announce!.Labels.GetValueOrDefault(ratingValue)?.For(locale) ?? ratingValue,
            RecognitionValue = ratingValue,
            Meeting = meeting,
            RecipientId = recipient.Id,
            Email = recipient.Email,
            Locale = locale,
            Event = @event,
            IsCopy = isCopy,
            RecipientName = recipient.Name.For(locale),
            SubjectName = showsSubject ? subject!.Name.For(locale) : null,
            SubjectDepartment = showsSubject ? department?.Name.For(locale) : null,
            TaskTitle = (step?.Title ?? process?.Title)?.For(locale),
            TaskForm = form?.Title.For(locale),
            TaskDue = Text(payload, "dueAt") is { } due ? FormatTime(DateTimeOffset.Parse(due, CultureInfo.InvariantCulture), locale) : null,
            TaskLink = taskId is null ? null : $"{baseUrl.TrimEnd('/')}/tasks/{Uri.EscapeDataString(taskId)}",
            Comments = decision?.Comments ?? [],
            Reason = decision is null ? null : decision.Reason,
            Message = payload["message"] is JsonObject pair ? new LocalizedText((string?)pair["zh-CN"] ?? string.Empty, (string?)pair["en"] ?? string.Empty).For(locale) : Text(payload, "message"),
            CycleName = cycle?.Name,
            CycleEnds = cycle is null ? null : FormatTime(DateTimeOffset.FromUnixTimeMilliseconds(cycle.EndsAt), locale),
            ProcessTitle = process?.Title.For(locale),
            CopyOfName = copyOf?.Name.For(locale),
            DecisionStep = decision?.Step,
            DecidedBy = decision?.By,
            DecidedByYou = decision?.ByYou ?? false,
            Round = decision?.Round,
            ReminderField = datePointer is not null && form is not null ? FieldLabel(form.LabelOf, datePointer, locale) : null,
            ReminderItem = readsDate ? Text(payload, "item") : null,
            ReminderDate = readsDate && Text(payload, "date") is { } date ? FormatDate(date, locale) : null,
        };
    }

    // Where an alert sends its reader: their own open task in the instance (the manager's review of the check-in that
    // raised it), else the instance's page.
    private static string AlertLinkOf(string baseUrl, Run run, string instanceId, string recipientId) =>
        run.Tasks.FirstOrDefault(t => t.AssigneeId == recipientId && t.Status == TaskStatuses.Open) is { } own
            ? $"{baseUrl.TrimEnd('/')}/tasks/{Uri.EscapeDataString(own.Id)}"
            : $"{baseUrl.TrimEnd('/')}/instances/{Uri.EscapeDataString(instanceId)}";

    /// <summary>A date written in a form as the recipient reads it: 2027年3月15日 / 15 Mar 2027; a date-time as <see cref="FormatTime"/>.</summary>
    public static string FormatDate(string text, string locale)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return NotificationTemplate.LanguageOf(locale) == "en"
                ? date.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");
        }

        return Workflows.DateReminders.Moment(text) is { } at ? FormatTime(at, locale) : text;
    }

    /// <summary>A moment as the recipient reads it, in China Standard Time: 2026年12月15日 18:00, or 15 Dec 2026 18:00.</summary>
    public static string FormatTime(DateTimeOffset at, string locale)
    {
        var local = TimeZoneInfo.ConvertTime(at, Shanghai);
        return NotificationTemplate.LanguageOf(locale) == "en"
            ? local.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{local.Year}年{local.Month}月{local.Day}日 {local:HH:mm}");
    }

    /// <summary>
    /// A fixed model for previews, snapshots and the check at publishing: every member set, in the given language,
    /// as the superior's copy when <paramref name="copy"/>.
    /// </summary>
    public static NotificationModel Sample(string locale, string @event, bool copy = false)
    {
        var language = NotificationTemplate.LanguageOf(locale);
        string T(string zh, string en) => new LocalizedText(zh, en).For(language);
        var due = new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero);
        return new NotificationModel
        {
            RecipientId = copy ? "P4" : "P5",
            Email = copy ? "zhang.wei@example.com" : "liu.yang@example.com",
            Locale = language,
            Event = @event,
            IsCopy = copy,
            RecipientName = copy ? T("张伟", "Zhang Wei") : T("刘洋", "Liu Yang"),
            SubjectName = T("刘洋", "Liu Yang"),
            SubjectDepartment = T("产品研发部", "Product Development"),
            TaskTitle = T("面谈记录", "Interview record"),
            TaskForm = T("绩效面谈记录", "Performance interview record"),
            TaskDue = FormatTime(due, language),
            TaskLink = "https://formflow.example.com/tasks/T-20261201-0001",
            Comments =
            [
                new CommentModel(T("改进计划 › 时间节点", "Improvement plan › Time node"), "请写明日期", T("张伟", "Zhang Wei")),
                new CommentModel(T("做得好的方面", "What went well"), "补充项目的量化结果", T("张伟", "Zhang Wei")),
            ],
            Reason = "改进计划缺少时间节点",
            Message = T("请在周五前完成季度回顾", "Please finish the quarterly review by Friday"),
            CycleName = "2026 年度绩效评估",
            CycleEnds = FormatTime(new DateTimeOffset(2026, 12, 31, 10, 0, 0, TimeSpan.Zero), language),
            ProcessTitle = T("年度绩效评估", "Annual performance review"),
            CopyOfName = copy ? T("刘洋", "Liu Yang") : null,
            DecisionStep = T("面谈记录", "Interview record"),
            DecidedBy = T("张伟", "Zhang Wei"),
            DecidedByYou = false,
            Round = 1,
            Meeting = new MeetingNotice(
                FormatTime(due, language),
                MeetingNotice.EndOf(due, due.AddHours(1), language),
                FormatTime(due.AddDays(-1), language),
                T("3 号会议室", "Meeting room 3"),
                "1. 回顾全年目标\n2. 讨论改进计划",
                T("张伟", "Zhang Wei"),
                "https://formflow.example.com/team/people/P5/pre-interview",
                new MeetingCalendar("REQUEST", string.Empty)),
            ReminderField = T("结果目标 › 完成期限", "Result goals › Deadline"),
            ReminderItem = "新签合同在签约前完成交付评审",
            ReminderDate = FormatDate("2027-03-15", language),
            AlertItems = ["新签合同在签约前完成交付评审", "客户满意度回访"],
            AlertSupport = [T("每周一次一对一辅导", "A weekly one-to-one coaching session"), T("安排资深同事结对", "Pair with a senior colleague")],
            AlertLink = "https://formflow.example.com/instances/I-20261201-0001",
            RecognitionField = T("综合评分", "Overall rating"),
            RecognitionRating = T("远超预期", "Far exceeded expectations"),
            RecognitionValue = "5",
            Kpi = KpiNotice.Of(
                new JsonObject
                {
                    ["name"] = T("签约金额", "Contract value"), ["unit"] = "万元", ["direction"] = "higher-better", ["threshold"] = 80,
                    ["values"] = new JsonArray(new JsonObject { ["period"] = "2026-W48", ["value"] = 72.5 }, new JsonObject { ["period"] = "2026-W49", ["value"] = 65 }),
                },
                language,
                "https://formflow.example.com",
                "P5"),
        };
    }

    /// <summary>The model as the template's variables: plain Scriban data, never a live .NET object.</summary>
    public ScriptObject ToScriptObject()
    {
        var comments = new ScriptArray();
        foreach (var comment in Comments)
        {
            comments.Add(new ScriptObject { ["field"] = comment.Field, ["body"] = comment.Body, ["author"] = comment.Author });
        }

        return new ScriptObject
        {
            ["recipient"] = new ScriptObject { ["name"] = RecipientName, ["locale"] = Locale },
            ["subject"] = new ScriptObject { ["name"] = SubjectName, ["department"] = SubjectDepartment },
            ["task"] = new ScriptObject { ["title"] = TaskTitle, ["form"] = TaskForm, ["due"] = TaskDue, ["link"] = TaskLink },
            ["comments"] = comments,
            ["reason"] = Reason,
            ["message"] = Message,
            ["cycle"] = new ScriptObject { ["name"] = CycleName, ["ends"] = CycleEnds },
            ["process"] = new ScriptObject { ["title"] = ProcessTitle },
            ["copy_of"] = new ScriptObject { ["name"] = CopyOfName },
            ["decision"] = new ScriptObject { ["step"] = DecisionStep, ["by"] = DecidedBy, ["by_you"] = DecidedByYou, ["round"] = Round },
            ["meeting"] = new ScriptObject
            {
                ["at"] = Meeting?.At, ["ends"] = Meeting?.Ends, ["previous"] = Meeting?.Previous, ["place"] = Meeting?.Place,
                ["agenda"] = Meeting?.Agenda, ["organizer"] = Meeting?.Organizer, ["report_link"] = Meeting?.ReportLink,
            },
            ["reminder"] = new ScriptObject { ["field"] = ReminderField, ["item"] = ReminderItem, ["date"] = ReminderDate },
            ["alert"] = new ScriptObject { ["items"] = Strings(AlertItems), ["support"] = Strings(AlertSupport), ["link"] = AlertLink },
            ["recognition"] = new ScriptObject { ["field"] = RecognitionField, ["rating"] = RecognitionRating, ["value"] = RecognitionValue },
            ["kpi"] = Kpi?.ToScriptObject() ?? KpiNotice.Empty(),
        };

        static ScriptArray Strings(IEnumerable<string> texts)
        {
            var array = new ScriptArray();
            foreach (var text in texts)
            {
                array.Add(text);
            }

            return array;
        }
    }

    // A return or an approval as the recipient may read it: where and by whom it was decided, for a return which round
    // it ended, why, and the comments of that return on the fields the recipient's task reads (what their task shows).
    private static async Task<Decision?> DecisionAsync(UnitOfWork work, Run run, Visibility sight, JsonObject payload, OutboxMessage message, string locale, string recipientId)
    {
        var @event = Text(payload, "event");
        if (@event is not (NoticeEvent.Returned or NoticeEvent.Approved))
        {
            return null;
        }

        string Title(string? stepId) => stepId is not null && run.Process.Steps.GetValueOrDefault(stepId)?.Title is { } title ? title.For(locale) : stepId ?? string.Empty;
        async Task<string> NameAsync(string personId) => (await OrganisationStore.FindPersonAsync(work, personId))?.Name.For(locale) ?? personId;

        var decisionTask = Text(payload, "decisionTask") is { } taskId ? run.Task(taskId) : null;
        if (@event == NoticeEvent.Approved)
        {
            return decisionTask is null
                ? null
                : new Decision(Title(Text(payload, "decisionStep")), await NameAsync(decisionTask.AssigneeId), decisionTask.AssigneeId == recipientId, null, null, []);
        }

        // The return this notice tells of: the journal entry of the decision task (an older message names none: the
        // last return to the recipient's step before it was queued).
        var journal = (await AuditLog.ForAsync(work, "instance", run.Instance.Id)).Where(e => e.Action == "task.returned").ToList();
        var step = Text(payload, "step");
        var entry = decisionTask is not null
            ? journal.LastOrDefault(e => (string?)JsonNode.Parse(e.AfterJson ?? "{}")?["task"] == decisionTask.Id)
            : journal.LastOrDefault(e => (string?)JsonNode.Parse(e.AfterJson ?? "{}")?["to"] == step && e.At <= message.CreatedAt);
        if (entry is null || sight.Return(entry) is not { } returned)
        {
            return null;
        }

        var round = journal.TakeWhile(e => !ReferenceEquals(e, entry)).Count(e => sight.Return(e)?.To == returned.To) + 1;
        var comments = new List<CommentModel>();
        if (returned.TaskId is not null && Text(payload, "taskId") is { } revisionId && run.Task(revisionId) is { } revision && revision.AssigneeId == recipientId)
        {
            var (template, access) = await ProcessRuntime.AccessAsync(work, run, revision);
            foreach (var comment in await FieldCommentStore.ForTaskAsync(work, returned.TaskId))
            {
                if (access.Readable.Contains(TaskDesk.TopLevelField(comment.Pointer)))
                {
                    comments.Add(new CommentModel(FieldLabel(template.LabelOf, comment.Pointer, locale), comment.Body, await NameAsync(comment.AuthorId)));
                }
            }
        }

        return new Decision(
            Title(returned.From),
            await NameAsync(returned.ReturnerId),
            returned.ReturnerId == recipientId,
            round,
            sight.ReadsReasonOf(returned) ? returned.Reason : null,
            comments);
    }

    private sealed record Decision(string Step, string By, bool ByYou, int? Round, string? Reason, IReadOnlyList<CommentModel> Comments);

    /// <summary>
    /// The label of the field a JSON Pointer names, with the labels of the fields it sits in: <c>/plan/0/time_node</c>
    /// is "改进计划 › 时间节点". Segments without a label (an unknown field) show as they are.
    /// </summary>
    internal static string FieldLabel(Func<string, LocalizedText?> labelOf, string pointer, string locale)
    {
        var labels = new List<string>();
        var path = string.Empty;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (segment.All(char.IsAsciiDigit))
            {
                path += "[]";
                continue;
            }

            path = path.Length == 0 ? segment : $"{path}.{segment}";
            labels.Add(labelOf(path)?.For(locale) ?? segment);
        }

        return labels.Count == 0 ? pointer : string.Join(" › ", labels);
    }

    private static string? Text(JsonObject payload, string name) =>
        payload[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static TimeZoneInfo ShanghaiTime()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            // China has kept UTC+8 without daylight saving since 1991: a fixed zone is right when tzdata is absent.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
