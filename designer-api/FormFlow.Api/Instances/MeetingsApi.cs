using System.Text.Json.Serialization;
using FormFlow.Api.Contracts;
using FormFlow.Api.Identity;
using FormFlow.Api.Problems;
using FormFlow.Api.Tasks;
using FormFlow.Storage;
using FormFlow.Text;
using FormFlow.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace FormFlow.Api.Instances;

/// <summary>
/// A meeting a step booked, as planned now: when (null once cancelled), where, whether it was moved since the first
/// invitation, who booked it (<c>organizer</c>, a person's id) and whether the caller may still move or cancel it.
/// </summary>
internal sealed record MeetingResponse(string Step, Texts? StepTitle, DateTimeOffset? At, string? Place, bool Moved, bool Cancelled, string? Organizer, bool CanChange)
{
    public static MeetingResponse From(PlannedMeeting m) =>
        new(m.Step, m.StepTitle is { } title ? Texts.From(title) : null, m.At, m.Place, m.Moved, m.Cancelled, m.Organizer, m.CanChange);
}

/// <summary>The meetings of an instance whose time the caller reads.</summary>
internal sealed record MeetingsResponse(IReadOnlyList<MeetingResponse> Items);

/// <summary>Move the meeting to <c>at</c> (a time with its offset; null cancels it), and to <c>place</c> when given.</summary>
internal sealed record MeetingChangeRequest([property: JsonRequired] DateTimeOffset? At, string? Place = null);

/// <summary>
/// The meetings steps book (docs/processes.md, "Meetings"): <c>GET /api/instances/{id}/meetings</c> for whoever reads
/// their time, <c>POST /api/instances/{id}/meetings/{step}</c> for the person who booked one, to move or cancel it
/// while it lies ahead. See docs/api-tasks.md.
/// </summary>
internal static class MeetingsApi
{
    public static IEndpointRouteBuilder MapMeetingsApi(this IEndpointRouteBuilder app)
    {
        var instances = app.MapGroup("/api/instances/{id}").WithTags("Instances").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        instances.MapGet("/meetings", ListAsync).WithName("ListInstanceMeetings")
            .WithSummary("The meetings of an instance whose time I read / 流程实例的面谈安排");
        instances.MapPost("/meetings/{step}", ChangeAsync).WithName("RescheduleMeeting")
            .WithSummary("Move or cancel (at: null) a meeting I booked, while it lies ahead (Idempotency-Key) / 面谈改期或取消")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static ProblemHttpResult NotFound(HttpContext context) =>
        ApiProblems.Problem(context, StatusCodes.Status404NotFound, "meeting.not-found", new LocalizedText(
            "没有这个面谈，或你无权查看。", "There is no such meeting, or you may not see it."));

    internal static async Task<Results<Ok<MeetingsResponse>, ProblemHttpResult>> ListAsync(
        string id, HttpContext context, CurrentPerson me, InstanceDesk desk, CancellationToken cancellationToken)
    {
        if (await desk.MeetingsAsync(id, me.Id, cancellationToken) is not { } found)
        {
            return ApiProblems.Problem(context, StatusCodes.Status404NotFound, "instance.not-found", new LocalizedText("没有这个流程实例，或你无权查看。", "There is no such instance, or you may not see it."));
        }

        return TypedResults.Ok(new MeetingsResponse([.. found.Select(MeetingResponse.From)]));
    }

    /// <summary>
    /// Moves or cancels a meeting; with an <c>Idempotency-Key</c> a retry (a second tap on a phone) gets the first answer
    /// again and sends nothing more, as the task commands do: the change marks the key in its own transaction, so a
    /// retry whose first answer was lost after the commit is answered with the meeting as it now stands.
    /// </summary>
    internal static async Task<Results<Ok<MeetingResponse>, ContentHttpResult, ProblemHttpResult>> ChangeAsync(
        string id,
        string step,
        MeetingChangeRequest request,
        HttpContext context,
        CurrentPerson me,
        InstanceDesk desk,
        Database database,
        TimeProvider clock,
        IOptions<JsonOptions> json,
        [FromHeader(Name = TasksApi.IdempotencyHeader)] string? idempotencyKey,
        CancellationToken cancellationToken) =>
        await TasksApi.IdempotentAsync(
            context, database, clock, json.Value.SerializerOptions, me.Id, idempotencyKey, request, ifMatch: null,
            mark => ChangeOnceAsync(id, step, request, context, me, desk, mark, cancellationToken),
            new TasksApi.AnswerAgain<Ok<MeetingResponse>>(StatusCodes.Status200OK, _ => MeetingAsItStandsAsync(id, step, context, me, desk, cancellationToken)),
            cancellationToken);

    // The meeting as the change left it, as its lost answer would have shown it.
    private static async Task<Results<Ok<MeetingResponse>, ProblemHttpResult>> MeetingAsItStandsAsync(
        string id, string step, HttpContext context, CurrentPerson me, InstanceDesk desk, CancellationToken cancellationToken)
    {
        if ((await desk.MeetingsAsync(id, me.Id, cancellationToken))?.FirstOrDefault(m => m.Step == step) is not { } meeting)
        {
            // Marked as committed, yet not found: answer as for a request still running rather than guess.
            return TasksApi.InFlight(context);
        }

        return TypedResults.Ok(MeetingResponse.From(meeting));
    }

    private static async Task<Results<Ok<MeetingResponse>, ProblemHttpResult>> ChangeOnceAsync(
        string id, string step, MeetingChangeRequest request, HttpContext context, CurrentPerson me, InstanceDesk desk, IdempotencyMark? mark, CancellationToken cancellationToken)
    {
        var change = await desk.RescheduleMeetingAsync(id, step, me.Id, request.At, request.Place, mark, cancellationToken);
        var problem = change.Problems.Count > 0 ? change.Problems[0] : null;
        return change.Status switch
        {
            MeetingChangeStatus.Done => TypedResults.Ok(MeetingResponse.From(change.Meeting!)),
            MeetingChangeStatus.Invalid => ApiProblems.Invalid(context, change.Problems.Select(p => new FieldError(p.Pointer, p.Code, p.Message))),
            MeetingChangeStatus.Forbidden => ApiProblems.Problem(context, StatusCodes.Status403Forbidden, problem!.Code, problem.Message),
            MeetingChangeStatus.NotApplicable or MeetingChangeStatus.Stale => ApiProblems.Problem(context, StatusCodes.Status409Conflict, problem!.Code, problem.Message),
            _ => NotFound(context),
        };
    }
}
