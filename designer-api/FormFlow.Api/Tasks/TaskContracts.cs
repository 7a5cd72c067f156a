using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FormFlow.Api.Authoring;
using FormFlow.Api.Contracts;
using FormFlow.Workflows;

namespace FormFlow.Api.Tasks;

/// <summary>A person as answers name them.</summary>
internal sealed record PersonRef(string Id, Texts Name)
{
    public static PersonRef From(PersonName person) => new(person.Id, Texts.From(person.Name));
}

/// <summary>A process (or a step) as answers name it: its key and title.</summary>
internal sealed record Named(string Id, Texts Title);

/// <summary>A task in a list: what, about whom, by when, its status and version (the ETag of the task).</summary>
internal sealed record TaskItemResponse(
    string Id,
    string InstanceId,
    Named Process,
    Named Step,
    PersonRef Subject,
    string? CycleId,
    string Status,
    DateTimeOffset? DueAt,
    bool Overdue,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    int Version)
{
    public static TaskItemResponse From(TaskItem task, DateTimeOffset now) => new(
        task.Id,
        task.InstanceId,
        new Named(task.ProcessKey, Texts.From(task.ProcessTitle)),
        new Named(task.Step, Texts.From(task.StepTitle)),
        PersonRef.From(task.Subject),
        task.CycleId,
        task.Status,
        task.DueAt,
        task.Status == "open" && task.DueAt < now,
        task.CreatedAt,
        task.CompletedAt,
        task.Version);
}

/// <summary>The inbox's counts (over the tasks of the process and cycle asked for).</summary>
internal sealed record InboxCountsResponse(int Total, int Open, int Overdue, int DueSoon);

/// <summary>One page of the inbox.</summary>
internal sealed record InboxResponse(int Total, int Page, int PageSize, InboxCountsResponse Counts, IReadOnlyList<TaskItemResponse> Items);

/// <summary>A section of the form as the task shows it.</summary>
internal sealed record SectionResponse(string Key, Texts Title, IReadOnlyList<string> Fields, bool Writable);

/// <summary>A comment on a field (JSON Pointer) of the form.</summary>
internal sealed record CommentResponse(string Id, string Field, PersonRef Author, string Body, DateTimeOffset At, bool Resolved);

/// <summary>
/// A return of the form, the end of a round: its number (the n-th return to the step it went back to), the step it
/// was returned at and the one it went back to, who and when, why (null when the caller may not read it), and the
/// comments on fields the caller reads.
/// </summary>
internal sealed record ReturnRoundResponse(
    int Round,
    string Step,
    string BackTo,
    PersonRef ReturnedBy,
    DateTimeOffset At,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reason,
    IReadOnlyList<CommentResponse> Comments)
{
    public static ReturnRoundResponse? From(ReturnRound? round) => round is null ? null : new(
        round.Round,
        round.Step,
        round.BackTo,
        PersonRef.From(round.ReturnedBy),
        round.At,
        round.Reason,
        [.. round.Comments.Select(c => new CommentResponse(c.Id, c.Field, PersonRef.From(c.Author), c.Body, c.At, c.Resolved))]);
}

/// <summary>
/// The subject's previous run of the process: the last plan and goals, per form. Its four members are always there
/// (<c>cycleId</c> null outside a cycle), as docs/api-tasks.md shows them.
/// </summary>
internal sealed record HistoryResponse(string InstanceId, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? CycleId, DateTimeOffset StartedAt, JsonObject Forms);

/// <summary>The template a task's form is, at its pinned version.</summary>
internal sealed record TemplateRef(string Key, int Version);

/// <summary>
/// A task as its assignee sees it. <c>schema</c> and <c>uiSchema</c> are render-ready in <c>language</c> (the request's
/// <c>Accept-Language</c>, zh-CN unless it asks for English): each field's label as <c>title</c>, help as
/// <c>ui:help</c>, placeholder as <c>ui:placeholder</c>, option labels as <c>ui:enumNames</c>. <c>history</c> is null
/// (not left out) when there is none, as documented.
/// </summary>
internal sealed record TaskResponse(
    TaskItemResponse Task,
    string Kind,
    IReadOnlyList<string> Actions,
    TemplateRef Template,
    string Language,
    JsonObject Schema,
    JsonObject UiSchema,
    IReadOnlyList<SectionResponse> Sections,
    IReadOnlyList<string> Readable,
    IReadOnlyList<string> Writable,
    JsonObject Data,
    IReadOnlyList<CommentResponse> Comments,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] HistoryResponse? History,
    IReadOnlyList<ReturnRoundResponse> Returns)
{
    /// <summary>
    /// The list holding the subject's indicators when this open task writes it (the template's <c>indicators.field</c>),
    /// else null: <c>GET /api/tasks/{id}/indicator-proposals</c> answers for it (docs/indicators.md).
    /// </summary>
    public string? IndicatorField { get; init; }

    public static TaskResponse From(TaskForm form, DateTimeOffset now, string language)
    {
        var rendered = FormPreview.Render(
            new JsonObject
            {
                ["schema"] = form.Schema.DeepClone(),
                ["uiSchema"] = form.UiSchema.DeepClone(),
                ["title"] = form.Texts["title"]?.DeepClone(),
                ["description"] = form.Texts["description"]?.DeepClone(),
                ["fields"] = form.Texts["fields"]?.DeepClone(),
            },
            language);
        return new(
            TaskItemResponse.From(form.Task, now),
            form.Kind,
            form.Actions,
            new TemplateRef(form.Template, form.TemplateVersion),
            language,
            rendered.Schema,
            rendered.UiSchema,
            [.. form.Sections.Select(s => new SectionResponse(s.Key, Texts.From(s.Title), s.Fields, s.Writable))],
            form.Readable,
            form.Writable,
            form.Data,
            [.. form.Comments.Select(c => new CommentResponse(c.Id, c.Field, PersonRef.From(c.Author), c.Body, c.At, c.Resolved))],
            form.History is { } h ? new HistoryResponse(h.InstanceId, h.CycleId, h.StartedAt, h.Forms) : null,
            [.. form.Returns.Select(r => ReturnRoundResponse.From(r)!)])
        {
            IndicatorField = form.IndicatorField,
        };
    }
}

/// <summary>What a draft or a submit carries: the form's data (the fields the step lets the person write).</summary>
internal sealed record TaskDataRequest(JsonObject Data);

/// <summary>What an approval or confirmation may carry: the fields the step lets the person write.</summary>
internal sealed record TaskDecisionRequest(JsonObject? Data = null);

/// <summary>A comment on one field when returning a form.</summary>
internal sealed record ReturnCommentRequest(string Field, string Body);

/// <summary>What a return carries: why, and comments on fields.</summary>
internal sealed record ReturnRequest(string Reason, IReadOnlyList<ReturnCommentRequest>? Comments = null);
