using System.Text.Json.Nodes;
using FormFlow.Api.Contracts;
using FormFlow.Api.Identity;
using FormFlow.Api.OpenApi;
using FormFlow.Api.Problems;
using FormFlow.Api.Tasks;
using FormFlow.Text;
using FormFlow.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FormFlow.Api.Instances;

/// <summary>A step an instance waits at, with who holds it (null at an anonymous step).</summary>
internal sealed record OpenTaskResponse(Named Step, PersonRef? Assignee, DateTimeOffset? DueAt, bool Overdue);

/// <summary>The process an instance runs, at its version.</summary>
internal sealed record ProcessRef(string Key, Texts Title, int Version);

/// <summary>An instance as the caller may see it.</summary>
internal sealed record InstanceResponse(
    string Id,
    ProcessRef Process,
    string? CycleId,
    PersonRef Subject,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> Relations,
    IReadOnlyList<OpenTaskResponse> OpenTasks,
    JsonObject Forms,
    JsonObject Answers);

/// <summary>
/// One entry of the timeline: <c>actorKind</c> person (with <c>actor</c>), system or anonymous; for a return
/// (<c>task.returned</c>) the round it ended, with the reason and comments as far as the caller may read them.
/// </summary>
internal sealed record TimelineEntryResponse(DateTimeOffset At, string ActorKind, PersonRef? Actor, string Action, string? From, string? To, ReturnRoundResponse? Return, RatingChangeResponse? Rating = null);

/// <summary>A rating a calibration changed (<c>rating.calibrated</c>, <c>rating.released</c>): from, to, and why when the reader reads the reason.</summary>
internal sealed record RatingChangeResponse(int? Previous, int Rating, string? Reason);

/// <summary>An instance's timeline.</summary>
internal sealed record TimelineResponse(string InstanceId, IReadOnlyList<TimelineEntryResponse> Items);

/// <summary>
/// An instance in a list: its subject, its cycle (id and name), the steps it waits at (<c>active</c>) and, for each open
/// task, the step, who holds it (null at an anonymous step), when it is due and whether it is overdue.
/// </summary>
internal sealed record InstanceItemResponse(
    string Id,
    Named Process,
    string? CycleId,
    string? CycleName,
    PersonRef Subject,
    string Status,
    DateTimeOffset StartedAt,
    IReadOnlyList<string> Active,
    IReadOnlyList<OpenTaskResponse> OpenTasks);


/// <summary>
/// Process instances for their participants and for the people overseeing their subject (manager chain, department
/// head, HRBP of the department, administrator): <c>GET /api/instances?subject=</c>, <c>GET /api/instances/{id}</c>,
/// <c>GET /api/instances/{id}/timeline</c>. Anyone else: 404. See docs/api-tasks.md for what each sees.
/// </summary>
internal static class InstancesApi
{
    public static IEndpointRouteBuilder MapInstancesApi(this IEndpointRouteBuilder app)
    {
        var instances = app.MapGroup("/api/instances").WithTags("Instances")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapGet("/api/instances", ListAsync).WithName("ListInstances").WithTags("Instances")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("A subject's instances the caller may see, or (team=true) those of the people they oversee, by cycle / 某人或我团队的流程实例")
            .WithPaging(PagingRules.Runtime)
            .WithBooleanQuery("team")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        instances.MapGet("/{id}", GetAsync).WithName("GetInstance")
            .WithSummary("An instance as the caller may see it / 流程实例")
            .ProducesProblem(StatusCodes.Status404NotFound);
        instances.MapGet("/{id}/timeline", TimelineAsync).WithName("GetInstanceTimeline")
            .WithSummary("An instance's timeline / 流程实例时间线")
            .ProducesProblem(StatusCodes.Status404NotFound);
        instances.MapGet("/{id}/schedule", ScheduleApi.GetAsync).WithName("GetInstanceSchedule")
            .WithSummary("An instance's pending timers and the notices it sent to the caller / 流程实例的待触发提醒与发给我的通知")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static ProblemHttpResult NotFound(HttpContext context) =>
        ApiProblems.Problem(context, StatusCodes.Status404NotFound, "instance.not-found", new LocalizedText("没有这个流程实例，或你无权查看。", "There is no such instance, or you may not see it."));

    internal static async Task<Results<Ok<ListPage<InstanceItemResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext context, CurrentPerson me, InstanceDesk desk, string? subject, string? team, string? cycle, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        var (paging, pagingErrors) = Paging.Read(page, pageSize, PagingRules.Runtime);
        var errors = new List<FieldError>(pagingErrors);
        if (subject is { Length: 0 or > 64 })
        {
            errors.Add(new FieldError("subject", "query.subject", new LocalizedText("subject 是人员编号。", "subject is a person's id.")));
        }

        var ofTeam = false;
        if (team is not null && !bool.TryParse(team, out ofTeam))
        {
            errors.Add(new FieldError("team", "query.team", new LocalizedText("team 须为 true 或 false。", "team must be true or false.")));
        }
        else if (ofTeam && subject is not null)
        {
            errors.Add(new FieldError("team", "query.team-and-subject", new LocalizedText(
                "team=true 列出你所负责人员的流程实例，不能同时指定 subject。", "team=true lists the instances of the people you oversee: give no subject with it.")));
        }

        if (cycle is { Length: 0 or > 64 })
        {
            errors.Add(new FieldError("cycle", "query.cycle", new LocalizedText("cycle 是考核周期编号。", "cycle is a cycle's id.")));
        }
        else if (cycle is not null && !ofTeam)
        {
            errors.Add(new FieldError("cycle", "query.cycle-without-team", new LocalizedText(
                "cycle 仅用于筛选团队的流程实例（team=true）。", "cycle filters the team's instances only (team=true).")));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors);
        }

        var found = ofTeam
            ? await desk.OverseenAsync(me.Id, cycle, paging.Page, paging.PageSize, cancellationToken)
            : await desk.OfSubjectAsync(subject ?? me.Id, me.Id, paging.Page, paging.PageSize, cancellationToken);
        return TypedResults.Ok(paging.Of([.. found.Items.Select(i => new InstanceItemResponse(
            i.Id, new Named(i.ProcessKey, Texts.From(i.ProcessTitle)), i.CycleId, i.CycleName, PersonRef.From(i.Subject), i.Status, i.StartedAt, i.Active, [.. i.OpenTasks.Select(OpenTask)]))], found.Total));
    }

    private static OpenTaskResponse OpenTask(OpenTaskView t) =>
        new(new Named(t.Step, Texts.From(t.StepTitle)), t.Assignee is { } a ? PersonRef.From(a) : null, t.DueAt, t.Overdue);

    internal static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> GetAsync(string id, HttpContext context, CurrentPerson me, InstanceDesk desk, CancellationToken cancellationToken)
    {
        if (await desk.InstanceAsync(id, me.Id, cancellationToken) is not { } i)
        {
            return NotFound(context);
        }

        return TypedResults.Ok(new InstanceResponse(
            i.Id,
            new ProcessRef(i.ProcessKey, Texts.From(i.ProcessTitle), i.ProcessVersion),
            i.CycleId,
            PersonRef.From(i.Subject),
            i.Status,
            i.StartedAt,
            i.UpdatedAt,
            i.Relations,
            [.. i.OpenTasks.Select(OpenTask)],
            i.Forms,
            i.Answers));
    }

    internal static async Task<Results<Ok<TimelineResponse>, ProblemHttpResult>> TimelineAsync(string id, HttpContext context, CurrentPerson me, InstanceDesk desk, CancellationToken cancellationToken)
    {
        if (await desk.TimelineAsync(id, me.Id, cancellationToken) is not { } items)
        {
            return NotFound(context);
        }

        return TypedResults.Ok(new TimelineResponse(id, [.. items.Select(e => new TimelineEntryResponse(e.At, e.ActorKind, e.Actor is { } a ? PersonRef.From(a) : null, e.Action, e.From, e.To, ReturnRoundResponse.From(e.Return), e.Rating is { } r ? new RatingChangeResponse(r.Previous, r.Rating, r.Reason) : null))]));
    }
}
